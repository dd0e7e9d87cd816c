const count = 3;
console.log(cuont);
