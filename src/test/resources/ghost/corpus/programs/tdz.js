console.log(total);
let total = 1;
