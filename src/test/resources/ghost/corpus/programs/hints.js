var total = 0;
if (total == "0") {
  console.log(undefinedName);
}
