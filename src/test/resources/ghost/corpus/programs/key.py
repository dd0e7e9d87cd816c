user = {"name": "Ada"}
print(user["email"])
