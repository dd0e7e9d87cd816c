const n = 5;
for (const x of n) { console.log(x); }
