/* Sockets: address families, socket types and their flags, protocols,
 * send/recv flags, shutdown, socket option levels and names. */
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "util/trace/beauty/beauty-internal.h"

#define AF(x) { AF_##x, #x }
/* AF_UNIX before its alias AF_LOCAL: the first name for a value wins. */
static const struct value_name socket_family_entries[] = {
	AF(UNSPEC), AF(UNIX), AF(INET), AF(AX25), AF(IPX), AF(APPLETALK), AF(NETROM),
	AF(BRIDGE), AF(ATMPVC), AF(X25), AF(INET6), AF(ROSE), AF(DECnet), AF(NETBEUI),
	AF(SECURITY), AF(KEY), AF(NETLINK), AF(PACKET), AF(ASH), AF(ECONET),
	AF(ATMSVC), AF(RDS), AF(SNA), AF(IRDA), AF(PPPOX), AF(WANPIPE), AF(LLC),
	AF(IB), AF(MPLS), AF(CAN), AF(TIPC), AF(BLUETOOTH), AF(IUCV), AF(RXRPC),
	AF(ISDN), AF(PHONET), AF(IEEE802154), AF(CAIF), AF(ALG), AF(NFC), AF(VSOCK),
	AF(KCM), AF(QIPCRTR), AF(SMC), AF(XDP), AF(MCTP),
};
const struct value_table bt_socket_families = VALUE_TABLE(socket_family_entries);

#define SOCK(x) { SOCK_##x, #x }
static const struct value_name socket_type_entries[] = {
	SOCK(STREAM), SOCK(DGRAM), SOCK(RAW), SOCK(RDM), SOCK(SEQPACKET), SOCK(DCCP),
	SOCK(PACKET),
};
const struct value_table bt_socket_types = VALUE_TABLE(socket_type_entries);

/* strace's order: CLOEXEC, then NONBLOCK. */
static const struct flag_name socket_type_flag_entries[] = {
	{ SOCK_CLOEXEC, 0, "CLOEXEC" },
	{ SOCK_NONBLOCK, 0, "NONBLOCK" },
};
const struct flag_table bt_socket_type_flags = FLAG_TABLE(socket_type_flag_entries, NULL);

/* For AF_INET and AF_INET6 sockets.  0 is IPPROTO_IP ("pick the default"),
 * which strace names too. */
#define IPPROTO(x) { IPPROTO_##x, #x }
static const struct value_name ip_protocol_entries[] = {
	IPPROTO(IP), IPPROTO(ICMP), IPPROTO(IGMP), IPPROTO(IPIP), IPPROTO(TCP),
	IPPROTO(EGP), IPPROTO(PUP), IPPROTO(UDP), IPPROTO(IDP), IPPROTO(TP),
	IPPROTO(DCCP), IPPROTO(IPV6), IPPROTO(RSVP), IPPROTO(GRE), IPPROTO(ESP),
	IPPROTO(AH), IPPROTO(ICMPV6), IPPROTO(MTP), IPPROTO(BEETPH), IPPROTO(ENCAP),
	IPPROTO(PIM), IPPROTO(COMP), IPPROTO(SCTP), IPPROTO(UDPLITE), IPPROTO(MPLS),
	IPPROTO(ETHERNET), IPPROTO(RAW), IPPROTO(MPTCP),
};
const struct value_table bt_ip_protocols = VALUE_TABLE(ip_protocol_entries);

#define NETLINK(x) { NETLINK_##x, #x }
static const struct value_name netlink_protocol_entries[] = {
	NETLINK(ROUTE), NETLINK(USERSOCK), NETLINK(FIREWALL), NETLINK(SOCK_DIAG),
	NETLINK(NFLOG), NETLINK(XFRM), NETLINK(SELINUX), NETLINK(ISCSI), NETLINK(AUDIT),
	NETLINK(FIB_LOOKUP), NETLINK(CONNECTOR), NETLINK(NETFILTER), NETLINK(IP6_FW),
	NETLINK(DNRTMSG), NETLINK(KOBJECT_UEVENT), NETLINK(GENERIC),
	NETLINK(SCSITRANSPORT), NETLINK(ECRYPTFS), NETLINK(RDMA), NETLINK(CRYPTO),
	NETLINK(SMC),
};
const struct value_table bt_netlink_protocols = VALUE_TABLE(netlink_protocol_entries);

#define MSG(x) { MSG_##x, 0, #x }
static const struct flag_name msg_flag_entries[] = {
	MSG(OOB), MSG(PEEK), MSG(DONTROUTE), MSG(CTRUNC), MSG(PROXY), MSG(TRUNC),
	MSG(DONTWAIT), MSG(EOR), MSG(WAITALL), MSG(FIN), MSG(SYN), MSG(CONFIRM),
	MSG(RST), MSG(ERRQUEUE), MSG(NOSIGNAL), MSG(MORE), MSG(WAITFORONE),
	MSG(BATCH), MSG(ZEROCOPY), MSG(FASTOPEN), MSG(CMSG_CLOEXEC),
};
const struct flag_table bt_msg_flags = FLAG_TABLE(msg_flag_entries, NULL);

static const struct value_name shutdown_how_entries[] = {
	{ SHUT_RD, "RD" }, { SHUT_WR, "WR" }, { SHUT_RDWR, "RDWR" },
};
const struct value_table bt_shutdown_hows = VALUE_TABLE(shutdown_how_entries);

/* Levels keep strace's SOL_ names: a bare "SOCKET" or "IP" would not say
 * that this is the option level.  Protocol levels use the IPPROTO value. */
static const struct value_name sockopt_level_entries[] = {
	{ SOL_SOCKET, "SOL_SOCKET" },
	{ IPPROTO_IP, "SOL_IP" },
	{ IPPROTO_TCP, "SOL_TCP" },
	{ IPPROTO_UDP, "SOL_UDP" },
	{ IPPROTO_IPV6, "SOL_IPV6" },
	{ IPPROTO_ICMPV6, "SOL_ICMPV6" },
	{ IPPROTO_SCTP, "SOL_SCTP" },
	{ IPPROTO_UDPLITE, "SOL_UDPLITE" },
	{ IPPROTO_RAW, "SOL_RAW" },
	{ SOL_PACKET, "SOL_PACKET" },
	{ SOL_NETLINK, "SOL_NETLINK" },
	{ SOL_ALG, "SOL_ALG" },
	{ SOL_TLS, "SOL_TLS" },
	{ SOL_XDP, "SOL_XDP" },
	{ SOL_MPTCP, "SOL_MPTCP" },
};
const struct value_table bt_sockopt_levels = VALUE_TABLE(sockopt_level_entries);

#define SO(x) { SO_##x, #x }
/* SO_TIMESTAMP*, SO_RCVTIMEO and SO_SNDTIMEO are the _OLD variants on
 * 64-bit; the _NEW ones (same struct layout there) get their own names. */
static const struct value_name sol_socket_option_entries[] = {
	SO(DEBUG), SO(REUSEADDR), SO(TYPE), SO(ERROR), SO(DONTROUTE), SO(BROADCAST),
	SO(SNDBUF), SO(RCVBUF), SO(SNDBUFFORCE), SO(RCVBUFFORCE), SO(KEEPALIVE),
	SO(OOBINLINE), SO(NO_CHECK), SO(PRIORITY), SO(LINGER), SO(BSDCOMPAT),
	SO(REUSEPORT), SO(PASSCRED), SO(PEERCRED), SO(RCVLOWAT), SO(SNDLOWAT),
	SO(RCVTIMEO), SO(SNDTIMEO), SO(BINDTODEVICE), SO(ATTACH_FILTER),
	SO(DETACH_FILTER), SO(PEERNAME), SO(TIMESTAMP), SO(ACCEPTCONN), SO(PEERSEC),
	SO(PASSSEC), SO(TIMESTAMPNS), SO(MARK), SO(TIMESTAMPING), SO(PROTOCOL),
	SO(DOMAIN), SO(RXQ_OVFL), SO(WIFI_STATUS), SO(PEEK_OFF), SO(NOFCS),
	SO(LOCK_FILTER), SO(SELECT_ERR_QUEUE), SO(BUSY_POLL), SO(MAX_PACING_RATE),
	SO(BPF_EXTENSIONS), SO(INCOMING_CPU), SO(ATTACH_BPF),
	SO(ATTACH_REUSEPORT_CBPF), SO(ATTACH_REUSEPORT_EBPF), SO(CNX_ADVICE),
	SO(MEMINFO), SO(INCOMING_NAPI_ID), SO(COOKIE), SO(PEERGROUPS), SO(ZEROCOPY),
	SO(TXTIME), SO(BINDTOIFINDEX), SO(TIMESTAMP_NEW), SO(TIMESTAMPNS_NEW),
	SO(TIMESTAMPING_NEW), SO(RCVTIMEO_NEW), SO(SNDTIMEO_NEW),
	SO(DETACH_REUSEPORT_BPF), SO(PREFER_BUSY_POLL), SO(BUSY_POLL_BUDGET),
	SO(NETNS_COOKIE), SO(BUF_LOCK), SO(RESERVE_MEM), SO(TXREHASH), SO(RCVMARK),
};
const struct value_table bt_sol_socket_options = VALUE_TABLE(sol_socket_option_entries);

#define TCPO(x) { TCP_##x, #x }
static const struct value_name sol_tcp_option_entries[] = {
	TCPO(NODELAY), TCPO(MAXSEG), TCPO(CORK), TCPO(KEEPIDLE), TCPO(KEEPINTVL),
	TCPO(KEEPCNT), TCPO(SYNCNT), TCPO(LINGER2), TCPO(DEFER_ACCEPT),
	TCPO(WINDOW_CLAMP), TCPO(INFO), TCPO(QUICKACK), TCPO(CONGESTION), TCPO(MD5SIG),
	TCPO(THIN_LINEAR_TIMEOUTS), TCPO(THIN_DUPACK), TCPO(USER_TIMEOUT), TCPO(REPAIR),
	TCPO(REPAIR_QUEUE), TCPO(QUEUE_SEQ), TCPO(REPAIR_OPTIONS), TCPO(FASTOPEN),
	TCPO(TIMESTAMP), TCPO(NOTSENT_LOWAT), TCPO(CC_INFO), TCPO(SAVE_SYN),
	TCPO(SAVED_SYN), TCPO(REPAIR_WINDOW), TCPO(FASTOPEN_CONNECT), TCPO(ULP),
	TCPO(MD5SIG_EXT), TCPO(FASTOPEN_KEY), TCPO(FASTOPEN_NO_COOKIE),
	TCPO(ZEROCOPY_RECEIVE), TCPO(INQ), TCPO(TX_DELAY),
};
const struct value_table bt_sol_tcp_options = VALUE_TABLE(sol_tcp_option_entries);

#define IPO(x) { IP_##x, #x }
static const struct value_name sol_ip_option_entries[] = {
	IPO(TOS), IPO(TTL), IPO(HDRINCL), IPO(OPTIONS), IPO(RECVOPTS), IPO(RETOPTS),
	IPO(PKTINFO), IPO(PKTOPTIONS), IPO(MTU_DISCOVER), IPO(RECVERR), IPO(RECVTTL),
	IPO(RECVTOS), IPO(MTU), IPO(FREEBIND), IPO(PASSSEC), IPO(TRANSPARENT),
	IPO(ORIGDSTADDR), IPO(MINTTL), IPO(NODEFRAG), IPO(CHECKSUM),
	IPO(BIND_ADDRESS_NO_PORT), IPO(RECVFRAGSIZE), IPO(MULTICAST_IF),
	IPO(MULTICAST_TTL), IPO(MULTICAST_LOOP), IPO(ADD_MEMBERSHIP),
	IPO(DROP_MEMBERSHIP), IPO(MULTICAST_ALL),
};
const struct value_table bt_sol_ip_options = VALUE_TABLE(sol_ip_option_entries);

#define IPV6O(x) { IPV6_##x, #x }
static const struct value_name sol_ipv6_option_entries[] = {
	IPV6O(ADDRFORM), IPV6O(2292PKTINFO), IPV6O(2292HOPOPTS), IPV6O(2292DSTOPTS),
	IPV6O(2292RTHDR), IPV6O(2292PKTOPTIONS), IPV6O(CHECKSUM), IPV6O(2292HOPLIMIT),
	IPV6O(NEXTHOP), IPV6O(AUTHHDR), IPV6O(UNICAST_HOPS), IPV6O(MULTICAST_IF),
	IPV6O(MULTICAST_HOPS), IPV6O(MULTICAST_LOOP), IPV6O(JOIN_GROUP),
	IPV6O(LEAVE_GROUP), IPV6O(ROUTER_ALERT), IPV6O(MTU_DISCOVER), IPV6O(MTU),
	IPV6O(RECVERR), IPV6O(V6ONLY), IPV6O(JOIN_ANYCAST), IPV6O(LEAVE_ANYCAST),
	IPV6O(RECVPKTINFO), IPV6O(PKTINFO), IPV6O(RECVHOPLIMIT), IPV6O(HOPLIMIT),
	IPV6O(RECVTCLASS), IPV6O(TCLASS), IPV6O(FREEBIND), IPV6O(TRANSPARENT),
	IPV6O(RECVORIGDSTADDR), IPV6O(MINHOPCOUNT), IPV6O(AUTOFLOWLABEL),
};
const struct value_table bt_sol_ipv6_options = VALUE_TABLE(sol_ipv6_option_entries);
