items = []
items.push(1)
