class BadThing(Exception):
    pass
raise BadThing("nope")
