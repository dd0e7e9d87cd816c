count = 3
for i in range(cuont):
    print(i)
