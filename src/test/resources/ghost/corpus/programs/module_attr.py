import math
print(math.squareroot(2))
