#!/usr/bin/env python3
"""A socket workload for bench/trace-decode-coverage, on the loopback only.

A TCP echo server in a thread and a client, so the trace holds the calls
whose arguments are memory: accept4 and getsockname/getpeername addresses,
setsockopt/getsockopt values, sendmsg/recvmsg with two iovecs, sendto and
recvfrom with an address (UDP), socketpair's descriptors, and the three
ways of waiting: select, poll and epoll (ctl and wait). It prints one line
and exits 0 when every byte came back.
"""
import select
import socket
import sys
import threading

ROUNDS = 3


def serve(listener):
    conn, _ = listener.accept()
    with conn:
        ep = select.epoll()
        ep.register(conn.fileno(), select.EPOLLIN)
        for _ in range(ROUNDS):
            ep.poll(5)
            data, _, _, _ = conn.recvmsg(256)
            conn.sendmsg([data[:2], data[2:]])
        ep.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    server = threading.Thread(target=serve, args=(listener,))
    server.start()

    client = socket.create_connection(listener.getsockname())
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    client.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    client.getpeername()
    echoed = 0
    for i in range(ROUNDS):
        msg = b"ping %d" % i
        client.sendmsg([msg[:3], msg[3:]])
        select.select([client], [], [], 5)
        data, _, _, _ = client.recvmsg(256)
        echoed += data == msg
    client.close()
    server.join()
    listener.close()

    # UDP: an address in and out of every call.
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    a.bind(("127.0.0.1", 0))
    b.sendto(b"datagram", a.getsockname())
    p = select.poll()
    p.register(a.fileno(), select.POLLIN)
    p.poll(5000)
    data, _ = a.recvfrom(64)
    echoed += data == b"datagram"
    a.close()
    b.close()

    # A socketpair: its two descriptors come back through memory.
    x, y = socket.socketpair()
    x.sendmsg([b"pair"])
    echoed += y.recv(16) == b"pair"
    x.close()
    y.close()

    print("echoed %d of %d" % (echoed, ROUNDS + 2))
    return 0 if echoed == ROUNDS + 2 else 1


if __name__ == "__main__":
    sys.exit(main())
