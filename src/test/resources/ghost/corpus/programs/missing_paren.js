console.log("a" "b");
