age = 5
print("age: " + age)
