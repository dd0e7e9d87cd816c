def collect(item, bucket=[]):
    bucket.append(item)
    if bucket == None:
        return None
    for i in range(len(bucket)):
        try:
            print(bucket[i])
        except:
            pass
    return bucket[5]
collect(1)
