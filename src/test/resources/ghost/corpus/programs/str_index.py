word = "abc"
print(word[5])
