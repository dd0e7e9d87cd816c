const items = [1, 2];
items.push2(3);
