import os,time
while True:
    os.write(1,b"x\n"); time.sleep(0.1)
