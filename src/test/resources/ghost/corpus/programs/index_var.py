values = [4, 5]
i = 2
print(values[i])
