"""Sign-in and keys: the data key wrapped per user, password hashing, throttling."""
