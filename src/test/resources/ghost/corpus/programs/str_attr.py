name = "ada"
print(name.length)
