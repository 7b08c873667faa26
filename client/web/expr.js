// The rules' expressions (rules/README.md "Expressions": numbers, + - * / // %, unary -,
// comparisons, and/or/not, `x if c else y`, min/max/abs/int/clamp) read as a person would say
// them, and worked out from the names the page knows. Pure: the caller names things.

const TOKEN = /\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|\/\/|==|!=|<=|>=|[-+*/%()<>,])/y;
function tokens(src) {
  const out = [];
  TOKEN.lastIndex = 0;
  const s = String(src).trim();
  while (TOKEN.lastIndex < s.length) {
    const m = TOKEN.exec(s);
    if (!m) throw new Error(`cannot read ${s}`);
    out.push(m[1]);
  }
  return out;
}
const CMP = new Set(["<", ">", "<=", ">=", "==", "!="]);
// parse(src) -> a tree of {k: "num"|"name"|"neg"|"not"|"bin"|"cmp"|"bool"|"if"|"call", ...}, or
// null when the text is not an expression of the rules' language
export function parse(src) {
  let toks;
  try {
    toks = tokens(src);
  } catch {
    return null;
  }
  let i = 0;
  const peek = () => toks[i];
  const eat = (tok) => {
    if (toks[i] !== tok) throw new Error(`expected ${tok}`);
    i++;
  };
  const ternary = () => {
    const a = orExpr();
    if (peek() !== "if") return a;
    i++;
    const cond = orExpr();
    eat("else");
    return { k: "if", a, cond, b: ternary() };
  };
  const chain = (word, next) => () => {
    let a = next();
    while (peek() === word) {
      i++;
      a = { k: "bool", op: word, a, b: next() };
    }
    return a;
  };
  const notExpr = () => (peek() === "not" ? (i++, { k: "not", a: notExpr() }) : compare());
  const andExpr = chain("and", notExpr);
  const orExpr = chain("or", andExpr);
  const compare = () => {
    const a = sum();
    if (!CMP.has(peek())) return a;
    const op = toks[i++];
    return { k: "cmp", op, a, b: sum() };
  };
  const binary = (ops, next) => () => {
    let a = next();
    while (ops.includes(peek())) {
      const op = toks[i++];
      a = { k: "bin", op, a, b: next() };
    }
    return a;
  };
  const unary = () => (peek() === "-" ? (i++, { k: "neg", a: unary() }) : peek() === "+" ? (i++, unary()) : atom());
  const product = binary(["*", "/", "//", "%"], unary);
  const sum = binary(["+", "-"], product);
  const atom = () => {
    const tok = toks[i++];
    if (tok === undefined) throw new Error("unexpected end");
    if (tok === "(") {
      const e = ternary();
      eat(")");
      return e;
    }
    if (/^\d+$/.test(tok)) return { k: "num", v: Number(tok) };
    if (!/^[A-Za-z_]/.test(tok)) throw new Error(`unexpected ${tok}`);
    if (tok === "True" || tok === "False") return { k: "num", v: tok === "True" ? 1 : 0 };
    if (peek() !== "(") return { k: "name", id: tok };
    i++;
    const args = [];
    while (peek() !== ")") {
      args.push(ternary());
      if (peek() === ",") i++;
      else break;
    }
    eat(")");
    return { k: "call", fn: tok, args };
  };
  try {
    const e = ternary();
    return i === toks.length ? e : null;
  } catch {
    return null;
  }
}

// the value of a tree from `env` (name -> number), or null when a name is not known there
export function evaluate(e, env) {
  const go = (x) => evaluate(x, env);
  switch (e.k) {
    case "num":
      return e.v;
    case "name":
      return typeof env[e.id] === "number" ? env[e.id] : typeof env[e.id] === "boolean" ? Number(env[e.id]) : null;
    case "neg": {
      const a = go(e.a);
      return a === null ? null : -a;
    }
    case "not": {
      const a = go(e.a);
      return a === null ? null : Number(!a);
    }
    case "if": {
      const c = go(e.cond);
      return c === null ? null : go(c ? e.a : e.b);
    }
    case "call": {
      const args = e.args.map(go);
      if (args.includes(null)) return null;
      const fns = { min: Math.min, max: Math.max, abs: Math.abs, int: Math.trunc, clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi) };
      return fns[e.fn] ? fns[e.fn](...args) : null;
    }
    default: {
      const a = go(e.a);
      const b = go(e.b);
      if (e.k === "bool" && a !== null && (e.op === "and" ? !a : a)) return a; // settled by its left side
      if (a === null || b === null) return null;
      const ops = {
        "+": a + b, "-": a - b, "*": a * b, "/": b ? Math.floor(a / b) : null, "//": b ? Math.floor(a / b) : null, "%": b ? ((a % b) + b) % b : null,
        "<": Number(a < b), ">": Number(a > b), "<=": Number(a <= b), ">=": Number(a >= b), "==": Number(a === b), "!=": Number(a !== b),
        and: a ? b : a, or: a ? a : b,
      };
      return ops[e.op] ?? null;
    }
  }
}

// the words of a tree in `lang`; `naming` = {name(id), per(id) -> "fold by Washington" or null,
// flag(id) -> whether the variable is a yes/no one}
const W = {
  en: { atMost: (x, n) => `${x}, at most ${n}`, atLeast: (x, n) => `${x}, at least ${n}`, between: (x, lo, hi) => `${x}, from ${lo} to ${hi}`,
    smaller: (a, b) => `the smaller of ${a} and ${b}`, larger: (a, b) => `the larger of ${a} and ${b}`, size: (a) => `the size of ${a}`,
    per: (n, what) => `${n} per ${what}`, perOf: (n, x) => `1 per ${n} of ${x}`, div: (a, b) => `${a} ÷ ${b}, rounded down`, rem: (a, b) => `the remainder of ${a} ÷ ${b}`,
    plusIf: (a, b, c) => `${a}, plus ${b} if ${c}`, cond: (a, c, b) => `${a} if ${c}, otherwise ${b}`, even: (x) => `${x} is even`, odd: (x) => `${x} is odd`,
    and: "and", or: "or", not: (x) => `not ${x}`, yes: "yes", no: "no", colon: ": ", open: "(", close: ")" },
  zh: { atMost: (x, n) => `${x}，最多 ${n}`, atLeast: (x, n) => `${x}，至少 ${n}`, between: (x, lo, hi) => `${x}，介於 ${lo} 與 ${hi} 之間`,
    smaller: (a, b) => `${a} 與 ${b} 中較小者`, larger: (a, b) => `${a} 與 ${b} 中較大者`, size: (a) => `${a} 的絕對值`,
    per: (n, what) => `${what} ${n}`, perOf: (n, x) => `${x} 每 ${n} 計 1`, div: (a, b) => `${a} ÷ ${b}（捨去小數）`, rem: (a, b) => `${a} 除以 ${b} 的餘數`,
    plusIf: (a, b, c) => `${a}，若 ${c} 再加 ${b}`, cond: (a, c, b) => `若 ${c}，則 ${a}，否則 ${b}`, even: (x) => `${x}為偶數`, odd: (x) => `${x}為奇數`,
    and: "且", or: "或", not: (x) => `非 ${x}`, yes: "是", no: "否", colon: "：", open: "（", close: "）" },
};
// "and" binds tighter than "or": "(a or b) and c" keeps its brackets when said
const RANK = { if: 0, or: 1, and: 1.5, not: 2, cmp: 3, "+": 4, "-": 4, "*": 5, "/": 5, "//": 5, "%": 5, neg: 6 };
const rank = (e) => (e.k === "bin" || e.k === "bool" ? RANK[e.op] : e.k === "num" || e.k === "name" ? 9 : e.k === "call" ? (["min", "max", "clamp"].includes(e.fn) && e.args.some((a) => a.k === "num") ? 0 : 9) : RANK[e.k]);
const SYM = { "<": "<", ">": ">", "<=": "≤", ">=": "≥", "==": "=", "!=": "≠", "+": "+", "-": "−", "*": "×", "/": "÷" };

export function say(e, lang, naming) {
  const words = sayTree(e, lang, naming);
  return lang === "zh" ? words.replace(/ ?（ ?/g, "（").replace(/ ?） ?/g, "）") : words;
}
function sayTree(e, lang, naming) {
  const w = W[lang] || W.en;
  const s = (x) => sayTree(x, lang, naming);
  const wrap = (x, min) => (rank(x) < min ? `${w.open}${s(x)}${w.close}` : s(x));
  switch (e.k) {
    case "num":
      return String(e.v);
    case "name":
      return naming.name(e.id);
    case "neg":
      return `−${wrap(e.a, 6)}`;
    case "not":
      return w.not(wrap(e.a, 3));
    case "bool":
      return `${wrap(e.a, RANK[e.op])} ${w[e.op]} ${wrap(e.b, 2)}`;
    case "if":
      return w.cond(wrap(e.a, 1), wrap(e.cond, 1), wrap(e.b, 1));
    case "cmp": {
      if (e.a.k === "bin" && e.a.op === "%" && e.a.b.k === "num" && e.a.b.v === 2 && e.b.k === "num" && ["==", "!="].includes(e.op))
        return ((e.b.v === 0) === (e.op === "==") ? w.even : w.odd)(wrap(e.a.a, 4));
      if (e.a.k === "name" && naming.flag(e.a.id) && e.b.k === "num" && ["==", "!="].includes(e.op) && [0, 1].includes(e.b.v))
        return `${naming.name(e.a.id)}${w.colon}${(e.b.v === 1) === (e.op === "==") ? w.yes : w.no}`;
      return `${wrap(e.a, 4)} ${SYM[e.op]} ${wrap(e.b, 4)}`;
    }
    case "call": {
      const [a, b, c] = e.args;
      if (e.fn === "clamp" && e.args.length === 3) return w.between(wrap(a, 1), s(b), s(c));
      if ((e.fn === "min" || e.fn === "max") && e.args.length === 2) {
        const [n, x] = a.k === "num" ? [a, b] : b.k === "num" ? [b, a] : [null, null];
        if (n) return (e.fn === "min" ? w.atMost : w.atLeast)(wrap(x, 1), n.v);
        return (e.fn === "min" ? w.smaller : w.larger)(s(a), s(b));
      }
      if (e.fn === "abs" && a) return w.size(wrap(a, 9));
      if (e.fn === "int" && a) return s(a);
      return `${e.fn}(${e.args.map(s).join(", ")})`;
    }
    default: {
      const { a, b, op } = e;
      if (op === "+" && b.k === "if" && b.b.k === "num" && b.b.v === 0) return w.plusIf(wrap(a, 4), wrap(b.a, 4), wrap(b.cond, 1));
      if (op === "*") {
        const [n, x] = a.k === "num" ? [a, b] : b.k === "num" ? [b, a] : [null, null];
        const per = n && x.k === "name" ? naming.per(x.id) : null;
        if (per) return w.per(n.v, per);
      }
      if (op === "//" && b.k === "num") return w.perOf(b.v, wrap(a, 9));
      if (op === "//") return w.div(wrap(a, 5), wrap(b, 6));
      if (op === "%") return w.rem(wrap(a, 5), wrap(b, 6));
      return `${wrap(a, RANK[op])} ${SYM[op]} ${wrap(b, RANK[op] + 1)}`;
    }
  }
}

// the names a tree reads
export function names(e, out = new Set()) {
  if (e.k === "name") out.add(e.id);
  for (const x of [e.a, e.b, e.cond, ...(e.args || [])]) if (x) names(x, out);
  return out;
}
