f = float("1,5")
