def describe(rules, event, lang): return event.type
