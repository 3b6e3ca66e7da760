/* Sockets: address families, socket types and their flags, protocols,
 * send/recv flags, shutdown, socket option levels and names. */
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
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
	/* The rest as strace 6.1 names them (AF_VSOCK's sockets use their
	 * family as the level); not every one has a C library macro. */
	{ 40, "AF_VSOCK" },
	{ 100, "SOL_CAN_BASE" },
	{ 101, "SOL_CAN_RAW" },
	{ 256, "SOL_IPX" },
	{ 257, "SOL_AX25" },
	{ 258, "SOL_ATALK" },
	{ 259, "SOL_NETROM" },
	{ 260, "SOL_ROSE" },
	{ SOL_DECNET, "SOL_DECNET" },
	{ SOL_X25, "SOL_X25" },
	{ SOL_PACKET, "SOL_PACKET" },
	{ SOL_ATM, "SOL_ATM" },
	{ SOL_AAL, "SOL_AAL" },
	{ SOL_IRDA, "SOL_IRDA" },
	{ SOL_NETBEUI, "SOL_NETBEUI" },
	{ SOL_LLC, "SOL_LLC" },
	{ SOL_DCCP, "SOL_DCCP" },
	{ SOL_NETLINK, "SOL_NETLINK" },
	{ SOL_TIPC, "SOL_TIPC" },
	{ SOL_RXRPC, "SOL_RXRPC" },
	{ SOL_PPPOL2TP, "SOL_PPPOL2TP" },
	{ SOL_BLUETOOTH, "SOL_BLUETOOTH" },
	{ SOL_PNPIPE, "SOL_PNPIPE" },
	{ SOL_RDS, "SOL_RDS" },
	{ SOL_IUCV, "SOL_IUCV" },
	{ SOL_CAIF, "SOL_CAIF" },
	{ SOL_ALG, "SOL_ALG" },
	{ SOL_NFC, "SOL_NFC" },
	{ SOL_KCM, "SOL_KCM" },
	{ SOL_TLS, "SOL_TLS" },
	{ SOL_XDP, "SOL_XDP" },
	{ SOL_MPTCP, "SOL_MPTCP" },
};
const struct value_table bt_sockopt_levels = VALUE_TABLE(sockopt_level_entries);

#define SO(x) { SO_##x, #x }
/* SO_TIMESTAMP*, SO_RCVTIMEO and SO_SNDTIMEO are the _OLD variants on
 * 64-bit, and strace names them so; the _NEW ones (same struct layout
 * there) get their own names. */
static const struct value_name sol_socket_option_entries[] = {
	SO(DEBUG), SO(REUSEADDR), SO(TYPE), SO(ERROR), SO(DONTROUTE), SO(BROADCAST),
	SO(SNDBUF), SO(RCVBUF), SO(SNDBUFFORCE), SO(RCVBUFFORCE), SO(KEEPALIVE),
	SO(OOBINLINE), SO(NO_CHECK), SO(PRIORITY), SO(LINGER), SO(BSDCOMPAT),
	SO(REUSEPORT), SO(PASSCRED), SO(PEERCRED), SO(RCVLOWAT), SO(SNDLOWAT),
	SO(RCVTIMEO_OLD), SO(SNDTIMEO_OLD), SO(SECURITY_AUTHENTICATION),
	SO(SECURITY_ENCRYPTION_TRANSPORT), SO(SECURITY_ENCRYPTION_NETWORK),
	SO(BINDTODEVICE), SO(ATTACH_FILTER),
	SO(DETACH_FILTER), SO(PEERNAME), SO(TIMESTAMP_OLD), SO(ACCEPTCONN), SO(PEERSEC),
	SO(PASSSEC), SO(TIMESTAMPNS_OLD), SO(MARK), SO(TIMESTAMPING_OLD), SO(PROTOCOL),
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
	TCPO(REPAIR_QUEUE), TCPO(QUEUE_SEQ), { 15, "COOKIE_TRANSACTIONS" }, TCPO(REPAIR_OPTIONS), TCPO(FASTOPEN),
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
	IPO(DROP_MEMBERSHIP), IPO(MULTICAST_ALL), IPO(ROUTER_ALERT), IPO(IPSEC_POLICY),
	IPO(XFRM_POLICY), IPO(RECVERR_RFC4884), IPO(UNBLOCK_SOURCE), IPO(BLOCK_SOURCE),
	IPO(ADD_SOURCE_MEMBERSHIP), IPO(DROP_SOURCE_MEMBERSHIP), IPO(MSFILTER),
	IPO(UNICAST_IF),
	/* Protocol-independent, hence without the IP_ prefix. */
	{ MCAST_JOIN_GROUP, "MCAST_JOIN_GROUP" }, { MCAST_BLOCK_SOURCE, "MCAST_BLOCK_SOURCE" },
	{ MCAST_UNBLOCK_SOURCE, "MCAST_UNBLOCK_SOURCE" }, { MCAST_LEAVE_GROUP, "MCAST_LEAVE_GROUP" },
	{ MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP" },
	{ MCAST_LEAVE_SOURCE_GROUP, "MCAST_LEAVE_SOURCE_GROUP" }, { MCAST_MSFILTER, "MCAST_MSFILTER" },
};
const struct value_table bt_sol_ip_options = VALUE_TABLE(sol_ip_option_entries);

#define IPV6O(x) { IPV6_##x, #x }
static const struct value_name sol_ipv6_option_entries[] = {
	IPV6O(ADDRFORM), IPV6O(2292PKTINFO), IPV6O(2292HOPOPTS), IPV6O(2292DSTOPTS),
	IPV6O(2292RTHDR), IPV6O(2292PKTOPTIONS), IPV6O(CHECKSUM), IPV6O(2292HOPLIMIT),
	IPV6O(NEXTHOP), IPV6O(AUTHHDR), IPV6O(UNICAST_HOPS), IPV6O(MULTICAST_IF),
	IPV6O(MULTICAST_HOPS), IPV6O(MULTICAST_LOOP), IPV6O(ADD_MEMBERSHIP),
	IPV6O(DROP_MEMBERSHIP), IPV6O(ROUTER_ALERT), IPV6O(MTU_DISCOVER), IPV6O(MTU),
	IPV6O(RECVERR), IPV6O(V6ONLY), IPV6O(JOIN_ANYCAST), IPV6O(LEAVE_ANYCAST),
	IPV6O(RECVPKTINFO), IPV6O(PKTINFO), IPV6O(RECVHOPLIMIT), IPV6O(HOPLIMIT),
	IPV6O(RECVTCLASS), IPV6O(TCLASS), IPV6O(FREEBIND), IPV6O(TRANSPARENT),
	IPV6O(RECVORIGDSTADDR), IPV6O(MINHOPCOUNT), IPV6O(AUTOFLOWLABEL),
	/* strace 6.1's remaining names, some without a C library macro */
	{ 11, "FLOWINFO" }, { 29, "MULTICAST_ALL" }, { 30, "ROUTER_ALERT_ISOLATE" },
	{ 31, "RECVERR_RFC4884" }, { 32, "FLOWLABEL_MGR" }, { 33, "FLOWINFO_SEND" },
	{ 34, "IPSEC_POLICY" }, { 35, "XFRM_POLICY" }, { 36, "HDRINCL" },
	{ 53, "RECVHOPOPTS" }, { 54, "HOPOPTS" }, { 55, "RTHDRDSTOPTS" }, { 56, "RECVRTHDR" },
	{ 57, "RTHDR" }, { 58, "RECVDSTOPTS" }, { 59, "DSTOPTS" }, { 60, "RECVPATHMTU" },
	{ 61, "PATHMTU" }, { 62, "DONTFRAG" }, { 63, "USE_MIN_MTU" }, { 72, "ADDR_PREFERENCES" },
	{ 76, "UNICAST_IF" }, { 77, "RECVFRAGSIZE" },
	{ MCAST_JOIN_GROUP, "MCAST_JOIN_GROUP" }, { MCAST_BLOCK_SOURCE, "MCAST_BLOCK_SOURCE" },
	{ MCAST_UNBLOCK_SOURCE, "MCAST_UNBLOCK_SOURCE" }, { MCAST_LEAVE_GROUP, "MCAST_LEAVE_GROUP" },
	{ MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP" },
	{ MCAST_LEAVE_SOURCE_GROUP, "MCAST_LEAVE_SOURCE_GROUP" }, { MCAST_MSFILTER, "MCAST_MSFILTER" },
};
const struct value_table bt_sol_ipv6_options = VALUE_TABLE(sol_ipv6_option_entries);

/* ---- captured-net.c: option values, control messages (dec-net) ---------- */

#define UDPO(x) { UDP_##x, #x }
static const struct value_name sol_udp_option_entries[] = {
	UDPO(CORK), UDPO(ENCAP), UDPO(NO_CHECK6_TX), UDPO(NO_CHECK6_RX), UDPO(SEGMENT),
	UDPO(GRO),
};
const struct value_table bt_sol_udp_options = VALUE_TABLE(sol_udp_option_entries);

#define NLO(x) { NETLINK_##x, #x }
static const struct value_name sol_netlink_option_entries[] = {
	NLO(ADD_MEMBERSHIP), NLO(DROP_MEMBERSHIP), NLO(PKTINFO), NLO(BROADCAST_ERROR),
	NLO(NO_ENOBUFS), NLO(RX_RING), NLO(TX_RING), NLO(LISTEN_ALL_NSID),
	NLO(LIST_MEMBERSHIPS), NLO(CAP_ACK), NLO(EXT_ACK), NLO(GET_STRICT_CHK),
};
const struct value_table bt_sol_netlink_options = VALUE_TABLE(sol_netlink_option_entries);

/* The SOL_SOCKET options whose value is an int, for which strace 6.1
 * prints [N] (names unused: membership is what counts). */
static const struct value_name sol_socket_int_option_entries[] = {
	SO(DEBUG), SO(REUSEADDR), SO(DONTROUTE), SO(BROADCAST), SO(SNDBUF), SO(RCVBUF),
	SO(KEEPALIVE), SO(OOBINLINE), SO(NO_CHECK), SO(PRIORITY), SO(BSDCOMPAT),
	SO(REUSEPORT), SO(PASSCRED), SO(RCVLOWAT), SO(SNDLOWAT), SO(DETACH_FILTER),
	SO(TIMESTAMP_OLD), SO(ACCEPTCONN), SO(SNDBUFFORCE), SO(RCVBUFFORCE), SO(PASSSEC),
	SO(TIMESTAMPNS_OLD), SO(MARK), SO(TIMESTAMPING_OLD), SO(RXQ_OVFL), SO(WIFI_STATUS),
	SO(PEEK_OFF), SO(NOFCS), SO(LOCK_FILTER), SO(SELECT_ERR_QUEUE), SO(BUSY_POLL),
	SO(INCOMING_CPU), SO(CNX_ADVICE), SO(INCOMING_NAPI_ID), SO(ZEROCOPY),
	SO(TIMESTAMP_NEW), SO(TIMESTAMPNS_NEW), SO(TIMESTAMPING_NEW),
	SO(DETACH_REUSEPORT_BPF), SO(PREFER_BUSY_POLL), SO(BUSY_POLL_BUDGET),
	SO(RESERVE_MEM), SO(RCVMARK),
};
const struct value_table bt_sol_socket_int_options = VALUE_TABLE(sol_socket_int_option_entries);

/* SO_TXREHASH's values. */
static const struct value_name txrehash_entries[] = {
	{ 0, "SOCK_TXREHASH_DISABLED" }, { 1, "SOCK_TXREHASH_ENABLED" },
	{ 255, "SOCK_TXREHASH_DEFAULT" },
};
const struct value_table bt_txrehash_values = VALUE_TABLE(txrehash_entries);

/* Control message types (cmsg_type) at SOL_SOCKET and SOL_IP, full names
 * as strace prints them inside a msghdr. */
static const struct value_name scm_type_entries[] = {
	{ SCM_RIGHTS, "SCM_RIGHTS" }, { SCM_CREDENTIALS, "SCM_CREDENTIALS" },
	{ 3, "SCM_SECURITY" }, { SO_WIFI_STATUS, "SO_WIFI_STATUS" }, { SO_TXTIME, "SO_TXTIME" },
	{ SO_TIMESTAMP_OLD, "SO_TIMESTAMP_OLD" }, { SO_TIMESTAMPNS_OLD, "SO_TIMESTAMPNS_OLD" },
	{ SO_TIMESTAMPING_OLD, "SO_TIMESTAMPING_OLD" }, { SO_TIMESTAMP_NEW, "SO_TIMESTAMP_NEW" },
	{ SO_TIMESTAMPNS_NEW, "SO_TIMESTAMPNS_NEW" }, { SO_TIMESTAMPING_NEW, "SO_TIMESTAMPING_NEW" },
	{ 0x36, "SCM_TIMESTAMPING_OPT_STATS" }, { 0x3a, "SCM_TIMESTAMPING_PKTINFO" },
};
const struct value_table bt_scm_types = VALUE_TABLE(scm_type_entries);

static const struct value_name ip_cmsg_type_entries[] = {
	{ IP_TOS, "IP_TOS" }, { IP_TTL, "IP_TTL" }, { IP_RECVOPTS, "IP_RECVOPTS" },
	{ IP_RETOPTS, "IP_RETOPTS" }, { IP_PKTINFO, "IP_PKTINFO" }, { IP_RECVERR, "IP_RECVERR" },
	{ IP_ORIGDSTADDR, "IP_ORIGDSTADDR" }, { IP_CHECKSUM, "IP_CHECKSUM" },
	{ 3, "SCM_SECURITY" },
};
const struct value_table bt_ip_cmsg_types = VALUE_TABLE(ip_cmsg_type_entries);

/* AF_PACKET addresses (struct sockaddr_ll): strace 6.1's names of the
 * ethernet protocols (sll_protocol, in network order in the struct),
 * hardware types and packet types. */
static const struct value_name ethernet_protocol_entries[] = {
	{ 0x0001, "ETH_P_802_3" }, { 0x0002, "ETH_P_AX25" }, { 0x0003, "ETH_P_ALL" },
	{ 0x0004, "ETH_P_802_2" }, { 0x0005, "ETH_P_SNAP" }, { 0x0006, "ETH_P_DDCMP" },
	{ 0x0007, "ETH_P_WAN_PPP" }, { 0x0008, "ETH_P_PPP_MP" }, { 0x0009, "ETH_P_LOCALTALK" },
	{ 0x000c, "ETH_P_CAN" }, { 0x000d, "ETH_P_CANFD" }, { 0x000e, "ETH_P_CANXL" },
	{ 0x0010, "ETH_P_PPPTALK" }, { 0x0011, "ETH_P_TR_802_2" }, { 0x0015, "ETH_P_MOBITEX" },
	{ 0x0016, "ETH_P_CONTROL" }, { 0x0017, "ETH_P_IRDA" }, { 0x0018, "ETH_P_ECONET" },
	{ 0x0019, "ETH_P_HDLC" }, { 0x001a, "ETH_P_ARCNET" }, { 0x001b, "ETH_P_DSA" },
	{ 0x001c, "ETH_P_TRAILER" }, { 0x0060, "ETH_P_LOOP" }, { 0x00f5, "ETH_P_PHONET" },
	{ 0x00f6, "ETH_P_IEEE802154" }, { 0x00f7, "ETH_P_CAIF" }, { 0x00f8, "ETH_P_XDSA" },
	{ 0x00f9, "ETH_P_MAP" }, { 0x00fa, "ETH_P_MCTP" }, { 0x0200, "ETH_P_PUP" },
	{ 0x0201, "ETH_P_PUPAT" }, { 0x0600, "ETH_P_802_3_MIN" }, { 0x0800, "ETH_P_IP" },
	{ 0x0805, "ETH_P_X25" }, { 0x0806, "ETH_P_ARP" }, { 0x08ff, "ETH_P_BPQ" },
	{ 0x0a00, "ETH_P_IEEEPUP" }, { 0x0a01, "ETH_P_IEEEPUPAT" }, { 0x22eb, "ETH_P_ERSPAN2" },
	{ 0x22f0, "ETH_P_TSN" }, { 0x4305, "ETH_P_BATMAN" }, { 0x6000, "ETH_P_DEC" },
	{ 0x6001, "ETH_P_DNA_DL" }, { 0x6002, "ETH_P_DNA_RC" }, { 0x6003, "ETH_P_DNA_RT" },
	{ 0x6004, "ETH_P_LAT" }, { 0x6005, "ETH_P_DIAG" }, { 0x6006, "ETH_P_CUST" },
	{ 0x6007, "ETH_P_SCA" }, { 0x6558, "ETH_P_TEB" }, { 0x8035, "ETH_P_RARP" },
	{ 0x809b, "ETH_P_ATALK" }, { 0x80f3, "ETH_P_AARP" }, { 0x8100, "ETH_P_8021Q" },
	{ 0x8137, "ETH_P_IPX" }, { 0x86dd, "ETH_P_IPV6" }, { 0x8808, "ETH_P_PAUSE" },
	{ 0x8809, "ETH_P_SLOW" }, { 0x883e, "ETH_P_WCCP" }, { 0x8847, "ETH_P_MPLS_UC" },
	{ 0x8848, "ETH_P_MPLS_MC" }, { 0x884c, "ETH_P_ATMMPOA" }, { 0x8863, "ETH_P_PPP_DISC" },
	{ 0x8864, "ETH_P_PPP_SES" }, { 0x886c, "ETH_P_LINK_CTL" }, { 0x8884, "ETH_P_ATMFATE" },
	{ 0x888e, "ETH_P_PAE" }, { 0x8899, "ETH_P_REALTEK" }, { 0x88a2, "ETH_P_AOE" },
	{ 0x88a8, "ETH_P_8021AD" }, { 0x88b5, "ETH_P_802_EX1" }, { 0x88be, "ETH_P_ERSPAN" },
	{ 0x88c7, "ETH_P_PREAUTH" }, { 0x88ca, "ETH_P_TIPC" }, { 0x88cc, "ETH_P_LLDP" },
	{ 0x88e3, "ETH_P_MRP" }, { 0x88e5, "ETH_P_MACSEC" }, { 0x88e7, "ETH_P_8021AH" },
	{ 0x88f5, "ETH_P_MVRP" }, { 0x88f7, "ETH_P_1588" }, { 0x88f8, "ETH_P_NCSI" },
	{ 0x88fb, "ETH_P_PRP" }, { 0x8902, "ETH_P_CFM" }, { 0x8906, "ETH_P_FCOE" },
	{ 0x890d, "ETH_P_TDLS" }, { 0x8914, "ETH_P_FIP" }, { 0x8915, "ETH_P_IBOE" },
	{ 0x8917, "ETH_P_80221" }, { 0x892f, "ETH_P_HSR" }, { 0x894f, "ETH_P_NSH" },
	{ 0x9000, "ETH_P_LOOPBACK" }, { 0x9100, "ETH_P_QINQ1" }, { 0x9200, "ETH_P_QINQ2" },
	{ 0x9300, "ETH_P_QINQ3" }, { 0xdada, "ETH_P_EDSA" }, { 0xdadb, "ETH_P_DSA_8021Q" },
	{ 0xe001, "ETH_P_DSA_A5PSW" }, { 0xed3e, "ETH_P_IFE" }, { 0xfbfb, "ETH_P_AF_IUCV" },
};
const struct value_table bt_ethernet_protocols = VALUE_TABLE(ethernet_protocol_entries);

static const struct value_name arp_hardware_type_entries[] = {
	{ 0, "ARPHRD_NETROM" }, { 1, "ARPHRD_ETHER" }, { 2, "ARPHRD_EETHER" }, { 3, "ARPHRD_AX25" },
	{ 4, "ARPHRD_PRONET" }, { 5, "ARPHRD_CHAOS" }, { 6, "ARPHRD_IEEE802" },
	{ 7, "ARPHRD_ARCNET" }, { 8, "ARPHRD_APPLETLK" }, { 15, "ARPHRD_DLCI" }, { 19, "ARPHRD_ATM" },
	{ 23, "ARPHRD_METRICOM" }, { 24, "ARPHRD_IEEE1394" }, { 27, "ARPHRD_EUI64" },
	{ 32, "ARPHRD_INFINIBAND" }, { 256, "ARPHRD_SLIP" }, { 257, "ARPHRD_CSLIP" },
	{ 258, "ARPHRD_SLIP6" }, { 259, "ARPHRD_CSLIP6" }, { 260, "ARPHRD_RSRVD" },
	{ 264, "ARPHRD_ADAPT" }, { 270, "ARPHRD_ROSE" }, { 271, "ARPHRD_X25" },
	{ 272, "ARPHRD_HWX25" }, { 280, "ARPHRD_CAN" }, { 290, "ARPHRD_MCTP" }, { 512, "ARPHRD_PPP" },
	{ 513, "ARPHRD_CISCO" }, { 516, "ARPHRD_LAPB" }, { 517, "ARPHRD_DDCMP" },
	{ 518, "ARPHRD_RAWHDLC" }, { 519, "ARPHRD_RAWIP" }, { 768, "ARPHRD_TUNNEL" },
	{ 769, "ARPHRD_TUNNEL6" }, { 770, "ARPHRD_FRAD" }, { 771, "ARPHRD_SKIP" },
	{ 772, "ARPHRD_LOOPBACK" }, { 773, "ARPHRD_LOCALTLK" }, { 774, "ARPHRD_FDDI" },
	{ 775, "ARPHRD_BIF" }, { 776, "ARPHRD_SIT" }, { 777, "ARPHRD_IPDDP" },
	{ 778, "ARPHRD_IPGRE" }, { 779, "ARPHRD_PIMREG" }, { 780, "ARPHRD_HIPPI" },
	{ 781, "ARPHRD_ASH" }, { 782, "ARPHRD_ECONET" }, { 783, "ARPHRD_IRDA" },
	{ 784, "ARPHRD_FCPP" }, { 785, "ARPHRD_FCAL" }, { 786, "ARPHRD_FCPL" },
	{ 787, "ARPHRD_FCFABRIC" }, { 800, "ARPHRD_IEEE802_TR" }, { 801, "ARPHRD_IEEE80211" },
	{ 802, "ARPHRD_IEEE80211_PRISM" }, { 803, "ARPHRD_IEEE80211_RADIOTAP" },
	{ 804, "ARPHRD_IEEE802154" }, { 805, "ARPHRD_IEEE802154_MONITOR" }, { 820, "ARPHRD_PHONET" },
	{ 821, "ARPHRD_PHONET_PIPE" }, { 822, "ARPHRD_CAIF" }, { 823, "ARPHRD_IP6GRE" },
	{ 824, "ARPHRD_NETLINK" }, { 825, "ARPHRD_6LOWPAN" }, { 826, "ARPHRD_VSOCKMON" },
	{ 65534, "ARPHRD_NONE" }, { 65535, "ARPHRD_VOID" },
};
const struct value_table bt_arp_hardware_types = VALUE_TABLE(arp_hardware_type_entries);

static const struct value_name packet_type_entries[] = {
	{ 0, "PACKET_HOST" }, { 1, "PACKET_BROADCAST" }, { 2, "PACKET_MULTICAST" },
	{ 3, "PACKET_OTHERHOST" }, { 4, "PACKET_OUTGOING" }, { 5, "PACKET_LOOPBACK" },
	{ 6, "PACKET_USER" }, { 7, "PACKET_KERNEL" },
};
const struct value_table bt_packet_types = VALUE_TABLE(packet_type_entries);

/* AF_VSOCK addresses: the well-known context ids and the wildcard port. */
static const struct value_name vsock_cid_entries[] = {
	{ 0xffffffff, "VMADDR_CID_ANY" }, { 0, "VMADDR_CID_HYPERVISOR" }, { 1, "VMADDR_CID_LOCAL" },
	{ 2, "VMADDR_CID_HOST" },
};
const struct value_table bt_vsock_cids = VALUE_TABLE(vsock_cid_entries);

static const struct value_name vsock_port_entries[] = {
	{ 0xffffffff, "VMADDR_PORT_ANY" },
};
const struct value_table bt_vsock_ports = VALUE_TABLE(vsock_port_entries);

static const struct flag_name vsock_flag_entries[] = {
	{ 1, 0, "VMADDR_FLAG_TO_HOST" },
};
const struct flag_table bt_vsock_flags = FLAG_TABLE(vsock_flag_entries, NULL);
