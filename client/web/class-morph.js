// The dashboard's room cards redrawn in place (class-dash.js): an element changed only where it
// differs, so what has the focus, what is open and what a screen reader is reading stay put.

// Make the card `old` show what `fresh` shows, changing only the parts that differ; its
// controls (details.cl-ctl, whose listeners are the room's, never morphed) stay as they are.
// Returns the card to show (`fresh` if the card's shape changed). roomCard's elements carry no
// listeners (see roomsClick).
export function morphCard(old, fresh) {
  const was = [...old.children];
  const now = [...fresh.children];
  if (was.length !== now.length || was.some((child, i) => child.tagName !== now[i].tagName)) {
    const controls = old.querySelector(":scope > details.cl-ctl");
    if (controls) fresh.querySelector(":scope > details.cl-ctl")?.replaceWith(controls);
    return fresh;
  }
  syncAttributes(old, fresh);
  was.forEach((child, i) => child.matches("details.cl-ctl") || morph(child, now[i]));
  return old;
}
function morph(old, fresh) {
  if (old.isEqualNode(fresh)) return;
  if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) old.replaceWith(fresh);
  else if (old.nodeType !== Node.ELEMENT_NODE) old.nodeValue = fresh.nodeValue;
  else {
    syncAttributes(old, fresh);
    const was = [...old.childNodes];
    const now = [...fresh.childNodes];
    now.forEach((child, i) => (i < was.length ? morph(was[i], child) : old.append(child)));
    for (const extra of was.slice(now.length)) extra.remove();
  }
}
function syncAttributes(old, fresh) {
  for (const { name, value } of [...fresh.attributes]) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  for (const { name } of [...old.attributes]) if (!fresh.hasAttribute(name)) old.removeAttribute(name);
}
