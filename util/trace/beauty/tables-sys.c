/* System information and process control, as strace spells them inside
 * structs and in the arguments captured-sys.c prints: filesystem magic
 * numbers and statfs flags, NUMA policy modes and flags, capabilities,
 * prctl's values, futex bitsets and FUTEX_WAKE_OP's operations, and the
 * terminal's termios bits. Names are strace's, prefixes kept. */
#include <linux/futex.h>
#include <linux/prctl.h>
#include <termios.h>

#include "util/trace/beauty/beauty-internal.h"

/* statfs's f_type: the magic numbers of linux/magic.h (and the filesystems
 * strace knows that it lacks), in value order. */
static const struct value_name fs_magic_entries[] = {
	{ 0x0000002f, "QNX4_SUPER_MAGIC" }, { 0x00000033, "Z3FOLD_MAGIC" },
	{ 0x00000187, "AUTOFS_SUPER_MAGIC" }, { 0x00001373, "DEVFS_SUPER_MAGIC" },
	{ 0x0000137d, "EXT_SUPER_MAGIC" }, { 0x0000137f, "MINIX_SUPER_MAGIC" },
	{ 0x0000138f, "MINIX_SUPER_MAGIC2" }, { 0x00001cd1, "DEVPTS_SUPER_MAGIC" },
	{ 0x00002468, "MINIX2_SUPER_MAGIC" }, { 0x00002478, "MINIX2_SUPER_MAGIC2" },
	{ 0x00003434, "NILFS_SUPER_MAGIC" }, { 0x00004244, "HFS_SUPER_MAGIC" },
	{ 0x0000482b, "HFSPLUS_SUPER_MAGIC" }, { 0x00004d44, "MSDOS_SUPER_MAGIC" },
	{ 0x00004d5a, "MINIX3_SUPER_MAGIC" }, { 0x0000517b, "SMB_SUPER_MAGIC" },
	{ 0x0000564c, "NCP_SUPER_MAGIC" }, { 0x00005df5, "EXOFS_SUPER_MAGIC" },
	{ 0x00006969, "NFS_SUPER_MAGIC" }, { 0x00007275, "ROMFS_MAGIC" },
	{ 0x000072b6, "JFFS2_SUPER_MAGIC" }, { 0x00009660, "ISOFS_SUPER_MAGIC" },
	{ 0x00009fa0, "PROC_SUPER_MAGIC" }, { 0x00009fa1, "OPENPROM_SUPER_MAGIC" },
	{ 0x00009fa2, "USBDEVICE_SUPER_MAGIC" }, { 0x0000adf5, "ADFS_SUPER_MAGIC" },
	{ 0x0000adff, "AFFS_SUPER_MAGIC" }, { 0x0000ef51, "EXT2_OLD_SUPER_MAGIC" },
	{ 0x0000ef53, "EXT2_SUPER_MAGIC" }, { 0x0000f15f, "ECRYPTFS_SUPER_MAGIC" },
	{ 0x00011954, "UFS_MAGIC" }, { 0x0027e0eb, "CGROUP_SUPER_MAGIC" },
	{ 0x00414a53, "EFS_SUPER_MAGIC" }, { 0x00c0ffee, "HOSTFS_SUPER_MAGIC" },
	{ 0x00c36400, "CEPH_SUPER_MAGIC" }, { 0x01021994, "TMPFS_MAGIC" },
	{ 0x01021997, "V9FS_MAGIC" }, { 0x01161970, "GFS2_MAGIC" },
	{ 0x012fd16d, "XIAFS_SUPER_MAGIC" }, { 0x012ff7b4, "XENIX_SUPER_MAGIC" },
	{ 0x012ff7b5, "SYSV4_SUPER_MAGIC" }, { 0x012ff7b6, "SYSV2_SUPER_MAGIC" },
	{ 0x012ff7b7, "COH_SUPER_MAGIC" }, { 0x02011994, "SHMFS_SUPER_MAGIC" },
	{ 0x09041934, "ANON_INODE_FS_MAGIC" }, { 0x0bad1dea, "FUTEXFS_SUPER_MAGIC" },
	{ 0x11307854, "MTD_INODE_FS_MAGIC" }, { 0x13661366, "BALLOON_KVM_MAGIC" },
	{ 0x15013346, "UDF_SUPER_MAGIC" }, { 0x1badface, "BFS_MAGIC" },
	{ 0x2011bab0, "EXFAT_SUPER_MAGIC" }, { 0x24051905, "UBIFS_SUPER_MAGIC" },
	{ 0x28cd3d45, "CRAMFS_MAGIC" }, { 0x2fc12fc1, "ZFS_SUPER_MAGIC" },
	{ 0x3153464a, "JFS_SUPER_MAGIC" }, { 0x42465331, "BEFS_SUPER_MAGIC" },
	{ 0x42494e4d, "BINFMTFS_MAGIC" }, { 0x43415d53, "SMACK_MAGIC" },
	{ 0x444d4142, "DMA_BUF_MAGIC" }, { 0x453dcd28, "CRAMFS_MAGIC_WEND" },
	{ 0x454d444d, "DEVMEM_MAGIC" }, { 0x47504653, "GPFS_SUPER_MAGIC" },
	{ 0x50495045, "PIPEFS_MAGIC" }, { 0x52654973, "REISERFS_SUPER_MAGIC" },
	{ 0x5345434d, "SECRETMEM_MAGIC" }, { 0x5346414f, "AFS_SUPER_MAGIC" },
	{ 0x5346544e, "NTFS_SB_MAGIC" }, { 0x534f434b, "SOCKFS_MAGIC" },
	{ 0x54190100, "UFS_CIGAM" }, { 0x565a4653, "VZFS_SUPER_MAGIC" },
	{ 0x57ac6e9d, "STACK_END_MAGIC" }, { 0x58295829, "ZSMALLOC_MAGIC" },
	{ 0x58465342, "XFS_SUPER_MAGIC" }, { 0x5a3c69f0, "AAFS_MAGIC" },
	{ 0x5a4f4653, "ZONEFS_MAGIC" }, { 0x6165676c, "PSTOREFS_MAGIC" },
	{ 0x61756673, "AUFS_SUPER_MAGIC" }, { 0x62646576, "BDEVFS_MAGIC" },
	{ 0x62656570, "CONFIGFS_MAGIC" }, { 0x62656572, "SYSFS_MAGIC" },
	{ 0x63677270, "CGROUP2_SUPER_MAGIC" }, { 0x64626720, "DEBUGFS_MAGIC" },
	{ 0x64646178, "DAXFS_MAGIC" }, { 0x65735543, "FUSE_CTL_SUPER_MAGIC" },
	{ 0x65735546, "FUSE_SUPER_MAGIC" }, { 0x68191122, "QNX6_SUPER_MAGIC" },
	{ 0x6b414653, "AFS_FS_MAGIC" }, { 0x6c6f6f70, "BINDERFS_SUPER_MAGIC" },
	{ 0x6e736673, "NSFS_MAGIC" }, { 0x73636673, "SECURITYFS_MAGIC" },
	{ 0x73717368, "SQUASHFS_MAGIC" }, { 0x73727279, "BTRFS_TEST_MAGIC" },
	{ 0x73757245, "CODA_SUPER_MAGIC" }, { 0x7461636f, "OCFS2_SUPER_MAGIC" },
	{ 0x74726163, "TRACEFS_MAGIC" }, { 0x794c7630, "OVERLAYFS_SUPER_MAGIC" },
	{ 0x858458f6, "RAMFS_MAGIC" }, { 0x9123683e, "BTRFS_SUPER_MAGIC" },
	{ 0x958458f6, "HUGETLBFS_MAGIC" }, { 0xa501fcf5, "VXFS_SUPER_MAGIC" },
	{ 0xabba1974, "XENFS_SUPER_MAGIC" }, { 0xc7571590, "PPC_CMM_MAGIC" },
	{ 0xc97e8168, "LOGFS_MAGIC" }, { 0xcafe4a11, "BPF_FS_MAGIC" },
	{ 0xde5e81e4, "EFIVARFS_MAGIC" }, { 0xe0f5e1e2, "EROFS_SUPER_MAGIC_V1" },
	{ 0xf2f52010, "F2FS_SUPER_MAGIC" }, { 0xf97cff8c, "SELINUX_MAGIC" },
	{ 0xf995e849, "HPFS_SUPER_MAGIC" }, { 0xfe534d42, "SMB2_SUPER_MAGIC" },
	{ 0xff534d42, "CIFS_SUPER_MAGIC" },
};
const struct value_table bt_fs_magics = VALUE_TABLE(fs_magic_entries);

/* statfs's f_flags (the ST_* of statvfs), ST_VALID first as strace lists it. */
static const struct flag_name statfs_flag_entries[] = {
	{ 0x0020, 0, "ST_VALID" }, { 0x0001, 0, "ST_RDONLY" }, { 0x0002, 0, "ST_NOSUID" },
	{ 0x0004, 0, "ST_NODEV" }, { 0x0008, 0, "ST_NOEXEC" }, { 0x0010, 0, "ST_SYNCHRONOUS" },
	{ 0x0040, 0, "ST_MANDLOCK" }, { 0x0400, 0, "ST_NOATIME" }, { 0x0800, 0, "ST_NODIRATIME" },
	{ 0x1000, 0, "ST_RELATIME" }, { 0x2000, 0, "ST_NOSYMFOLLOW" },
};
const struct flag_table bt_statfs_flags = FLAG_TABLE(statfs_flag_entries, NULL);

/* NUMA memory policies (linux/mempolicy.h, not installed everywhere). */
static const struct value_name mpol_mode_entries[] = {
	{ 0, "MPOL_DEFAULT" }, { 1, "MPOL_PREFERRED" }, { 2, "MPOL_BIND" },
	{ 3, "MPOL_INTERLEAVE" }, { 4, "MPOL_LOCAL" }, { 5, "MPOL_PREFERRED_MANY" },
};
const struct value_table bt_mpol_modes = VALUE_TABLE(mpol_mode_entries);

static const struct flag_name mpol_mode_flag_entries[] = {
	{ 1u << 15, 0, "MPOL_F_STATIC_NODES" },
	{ 1u << 14, 0, "MPOL_F_RELATIVE_NODES" },
	{ 1u << 13, 0, "MPOL_F_NUMA_BALANCING" },
};
const struct flag_table bt_mpol_mode_flags = FLAG_TABLE(mpol_mode_flag_entries, NULL);

static const struct flag_name mbind_flag_entries[] = {
	{ 1, 0, "MPOL_MF_STRICT" }, { 2, 0, "MPOL_MF_MOVE" }, { 4, 0, "MPOL_MF_MOVE_ALL" },
};
const struct flag_table bt_mbind_flags = FLAG_TABLE(mbind_flag_entries, NULL);

static const struct flag_name get_mempolicy_flag_entries[] = {
	{ 1, 0, "MPOL_F_NODE" }, { 2, 0, "MPOL_F_ADDR" }, { 4, 0, "MPOL_F_MEMS_ALLOWED" },
};
const struct flag_table bt_get_mempolicy_flags = FLAG_TABLE(get_mempolicy_flag_entries, NULL);

/* Capabilities by number (linux/capability.h). */
static const struct value_name capability_entries[] = {
	{ 0, "CAP_CHOWN" }, { 1, "CAP_DAC_OVERRIDE" }, { 2, "CAP_DAC_READ_SEARCH" },
	{ 3, "CAP_FOWNER" }, { 4, "CAP_FSETID" }, { 5, "CAP_KILL" }, { 6, "CAP_SETGID" },
	{ 7, "CAP_SETUID" }, { 8, "CAP_SETPCAP" }, { 9, "CAP_LINUX_IMMUTABLE" },
	{ 10, "CAP_NET_BIND_SERVICE" }, { 11, "CAP_NET_BROADCAST" }, { 12, "CAP_NET_ADMIN" },
	{ 13, "CAP_NET_RAW" }, { 14, "CAP_IPC_LOCK" }, { 15, "CAP_IPC_OWNER" },
	{ 16, "CAP_SYS_MODULE" }, { 17, "CAP_SYS_RAWIO" }, { 18, "CAP_SYS_CHROOT" },
	{ 19, "CAP_SYS_PTRACE" }, { 20, "CAP_SYS_PACCT" }, { 21, "CAP_SYS_ADMIN" },
	{ 22, "CAP_SYS_BOOT" }, { 23, "CAP_SYS_NICE" }, { 24, "CAP_SYS_RESOURCE" },
	{ 25, "CAP_SYS_TIME" }, { 26, "CAP_SYS_TTY_CONFIG" }, { 27, "CAP_MKNOD" },
	{ 28, "CAP_LEASE" }, { 29, "CAP_AUDIT_WRITE" }, { 30, "CAP_AUDIT_CONTROL" },
	{ 31, "CAP_SETFCAP" }, { 32, "CAP_MAC_OVERRIDE" }, { 33, "CAP_MAC_ADMIN" },
	{ 34, "CAP_SYSLOG" }, { 35, "CAP_WAKE_ALARM" }, { 36, "CAP_BLOCK_SUSPEND" },
	{ 37, "CAP_AUDIT_READ" }, { 38, "CAP_PERFMON" }, { 39, "CAP_BPF" },
	{ 40, "CAP_CHECKPOINT_RESTORE" },
};
const struct value_table bt_capabilities = VALUE_TABLE(capability_entries);

/* PR_SET_DUMPABLE's argument, PR_GET_DUMPABLE's result. */
static const struct value_name dumpable_entries[] = {
	{ 0, "SUID_DUMP_DISABLE" }, { 1, "SUID_DUMP_USER" }, { 2, "SUID_DUMP_ROOT" },
};
const struct value_table bt_prctl_dumpable = VALUE_TABLE(dumpable_entries);

/* PR_GET_SECUREBITS's result, PR_SET_SECUREBITS's argument. */
static const struct flag_name secbit_entries[] = {
	{ 1 << 0, 0, "SECBIT_NOROOT" }, { 1 << 1, 0, "SECBIT_NOROOT_LOCKED" },
	{ 1 << 2, 0, "SECBIT_NO_SETUID_FIXUP" }, { 1 << 3, 0, "SECBIT_NO_SETUID_FIXUP_LOCKED" },
	{ 1 << 4, 0, "SECBIT_KEEP_CAPS" }, { 1 << 5, 0, "SECBIT_KEEP_CAPS_LOCKED" },
	{ 1 << 6, 0, "SECBIT_NO_CAP_AMBIENT_RAISE" },
	{ 1 << 7, 0, "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED" },
};
const struct flag_table bt_prctl_secbits = FLAG_TABLE(secbit_entries, NULL);

/* futex: FUTEX_WAKE_OP's operation and comparison (val3 bits 28-31 and
 * 24-27), the bitset ops' val3. */
static const struct value_name futex_wake_op_entries[] = {
	{ FUTEX_OP_SET, "FUTEX_OP_SET" }, { FUTEX_OP_ADD, "FUTEX_OP_ADD" },
	{ FUTEX_OP_OR, "FUTEX_OP_OR" }, { FUTEX_OP_ANDN, "FUTEX_OP_ANDN" },
	{ FUTEX_OP_XOR, "FUTEX_OP_XOR" },
};
const struct value_table bt_futex_wake_ops = VALUE_TABLE(futex_wake_op_entries);

static const struct value_name futex_wake_cmp_entries[] = {
	{ FUTEX_OP_CMP_EQ, "FUTEX_OP_CMP_EQ" }, { FUTEX_OP_CMP_NE, "FUTEX_OP_CMP_NE" },
	{ FUTEX_OP_CMP_LT, "FUTEX_OP_CMP_LT" }, { FUTEX_OP_CMP_LE, "FUTEX_OP_CMP_LE" },
	{ FUTEX_OP_CMP_GT, "FUTEX_OP_CMP_GT" }, { FUTEX_OP_CMP_GE, "FUTEX_OP_CMP_GE" },
};
const struct value_table bt_futex_wake_cmps = VALUE_TABLE(futex_wake_cmp_entries);

/* ---- terminals (struct termios) ----------------------------------------- */

#define T(x) { x, 0, #x }
static const struct flag_name term_iflag_entries[] = {
	T(IGNBRK), T(BRKINT), T(IGNPAR), T(PARMRK), T(INPCK), T(ISTRIP), T(INLCR),
	T(IGNCR), T(ICRNL), T(IUCLC), T(IXON), T(IXANY), T(IXOFF), T(IMAXBEL), T(IUTF8),
};
const struct flag_table bt_term_iflags = FLAG_TABLE(term_iflag_entries, NULL);

/* c_oflag: the delay fields (each named even when 0: NL0|CR0|...; TAB3
 * is XTABS to strace), then the single bits. */
#define TF(x, m) { x, m, #x }
static const struct flag_name term_odelay_entries[] = {
	TF(NL0, NLDLY), TF(NL1, NLDLY),
	TF(CR0, CRDLY), TF(CR1, CRDLY), TF(CR2, CRDLY), TF(CR3, CRDLY),
	TF(TAB0, TABDLY), TF(TAB1, TABDLY), TF(TAB2, TABDLY), { TAB3, TABDLY, "XTABS" },
	TF(BS0, BSDLY), TF(BS1, BSDLY),
	TF(VT0, VTDLY), TF(VT1, VTDLY),
	TF(FF0, FFDLY), TF(FF1, FFDLY),
};
const struct flag_table bt_term_odelays = FLAG_TABLE(term_odelay_entries, NULL);

static const struct flag_name term_oflag_entries[] = {
	T(OPOST), T(OLCUC), T(ONLCR), T(OCRNL), T(ONOCR), T(ONLRET), T(OFILL), T(OFDEL),
};
const struct flag_table bt_term_oflags = FLAG_TABLE(term_oflag_entries, NULL);

/* c_cflag: the baud rate (CBAUD), the character size, then the bits; the
 * input baud rate (CIBAUD) is printed apart. */
static const struct value_name term_baud_entries[] = {
	{ B0, "B0" }, { B50, "B50" }, { B75, "B75" }, { B110, "B110" }, { B134, "B134" },
	{ B150, "B150" }, { B200, "B200" }, { B300, "B300" }, { B600, "B600" },
	{ B1200, "B1200" }, { B1800, "B1800" }, { B2400, "B2400" }, { B4800, "B4800" },
	{ B9600, "B9600" }, { B19200, "B19200" }, { B38400, "B38400" },
	{ B57600, "B57600" }, { B115200, "B115200" }, { B230400, "B230400" },
	{ B460800, "B460800" }, { B500000, "B500000" }, { B576000, "B576000" },
	{ B921600, "B921600" }, { B1000000, "B1000000" }, { B1152000, "B1152000" },
	{ B1500000, "B1500000" }, { B2000000, "B2000000" }, { B2500000, "B2500000" },
	{ B3000000, "B3000000" }, { B3500000, "B3500000" }, { B4000000, "B4000000" },
	{ 0010000, "BOTHER" },
};
const struct value_table bt_term_bauds = VALUE_TABLE(term_baud_entries);

#define T2(x) { x, #x }
static const struct value_name term_csize_entries[] = { T2(CS5), T2(CS6), T2(CS7), T2(CS8) };
const struct value_table bt_term_csizes = VALUE_TABLE(term_csize_entries);

static const struct flag_name term_cflag_entries[] = {
	T(CSTOPB), T(CREAD), T(PARENB), T(PARODD), T(HUPCL), T(CLOCAL),
	T(CMSPAR), T(CRTSCTS),
};
const struct flag_table bt_term_cflags = FLAG_TABLE(term_cflag_entries, NULL);

static const struct flag_name term_lflag_entries[] = {
	T(ISIG), T(ICANON), T(XCASE), T(ECHO), T(ECHOE), T(ECHOK), T(ECHONL), T(NOFLSH),
	T(IEXTEN), T(ECHOCTL), T(ECHOPRT), T(ECHOKE), T(FLUSHO), T(PENDIN), T(TOSTOP),
	T(EXTPROC),
};
const struct flag_table bt_term_lflags = FLAG_TABLE(term_lflag_entries, NULL);

static const struct value_name term_line_disc_entries[] = {
	{ 0, "N_TTY" }, { 1, "N_SLIP" }, { 2, "N_MOUSE" }, { 3, "N_PPP" }, { 4, "N_STRIP" },
	{ 5, "N_AX25" }, { 6, "N_X25" }, { 7, "N_6PACK" }, { 8, "N_MASC" }, { 9, "N_R3964" },
	{ 10, "N_PROFIBUS_FDL" }, { 11, "N_IRDA" }, { 12, "N_SMSBLOCK" }, { 13, "N_HDLC" },
	{ 14, "N_SYNC_PPP" }, { 15, "N_HCI" }, { 16, "N_GIGASET_M101" }, { 17, "N_SLCAN" },
	{ 18, "N_PPS" }, { 19, "N_V253" }, { 20, "N_CAIF" }, { 21, "N_GSM0710" },
	{ 22, "N_TI_WL" }, { 23, "N_TRACESINK" }, { 24, "N_TRACEROUTER" }, { 25, "N_NCI" },
	{ 26, "N_SPEAKUP" }, { 27, "N_NULL" },
};
const struct value_table bt_term_line_discs = VALUE_TABLE(term_line_disc_entries);

/* c_cc's indices (the kernel's, which are glibc's on x86). */
static const struct value_name term_cc_entries[] = {
	T2(VINTR), T2(VQUIT), T2(VERASE), T2(VKILL), T2(VEOF), T2(VTIME), T2(VMIN),
	T2(VSWTC), T2(VSTART), T2(VSTOP), T2(VSUSP), T2(VEOL), T2(VREPRINT),
	T2(VDISCARD), T2(VWERASE), T2(VLNEXT), T2(VEOL2),
};
const struct value_table bt_term_ccs = VALUE_TABLE(term_cc_entries);

/* A network interface's flags (SIOCGIFFLAGS). */
static const struct flag_name iff_flag_entries[] = {
	{ 0x1, 0, "IFF_UP" }, { 0x2, 0, "IFF_BROADCAST" }, { 0x4, 0, "IFF_DEBUG" },
	{ 0x8, 0, "IFF_LOOPBACK" }, { 0x10, 0, "IFF_POINTOPOINT" }, { 0x20, 0, "IFF_NOTRAILERS" },
	{ 0x40, 0, "IFF_RUNNING" }, { 0x80, 0, "IFF_NOARP" }, { 0x100, 0, "IFF_PROMISC" },
	{ 0x200, 0, "IFF_ALLMULTI" }, { 0x400, 0, "IFF_MASTER" }, { 0x800, 0, "IFF_SLAVE" },
	{ 0x1000, 0, "IFF_MULTICAST" }, { 0x2000, 0, "IFF_PORTSEL" }, { 0x4000, 0, "IFF_AUTOMEDIA" },
	{ 0x8000, 0, "IFF_DYNAMIC" }, { 0x10000, 0, "IFF_LOWER_UP" }, { 0x20000, 0, "IFF_DORMANT" },
	{ 0x40000, 0, "IFF_ECHO" },
};
const struct flag_table bt_iff_flags = FLAG_TABLE(iff_flag_entries, NULL);

/* prctl's sub-commands and their values. */
static const struct value_name pr_cap_ambient_entries[] = {
	{ 1, "PR_CAP_AMBIENT_IS_SET" }, { 2, "PR_CAP_AMBIENT_RAISE" },
	{ 3, "PR_CAP_AMBIENT_LOWER" }, { 4, "PR_CAP_AMBIENT_CLEAR_ALL" },
};
const struct value_table bt_pr_cap_ambient = VALUE_TABLE(pr_cap_ambient_entries);

static const struct value_name pr_mce_kill_entries[] = {
	{ 0, "PR_MCE_KILL_CLEAR" }, { 1, "PR_MCE_KILL_SET" },
};
const struct value_table bt_pr_mce_kill = VALUE_TABLE(pr_mce_kill_entries);

static const struct value_name pr_mce_kill_policy_entries[] = {
	{ 0, "PR_MCE_KILL_LATE" }, { 1, "PR_MCE_KILL_EARLY" }, { 2, "PR_MCE_KILL_DEFAULT" },
};
const struct value_table bt_pr_mce_kill_policies = VALUE_TABLE(pr_mce_kill_policy_entries);

static const struct value_name pr_set_mm_entries[] = {
	{ 1, "PR_SET_MM_START_CODE" }, { 2, "PR_SET_MM_END_CODE" }, { 3, "PR_SET_MM_START_DATA" },
	{ 4, "PR_SET_MM_END_DATA" }, { 5, "PR_SET_MM_START_STACK" }, { 6, "PR_SET_MM_START_BRK" },
	{ 7, "PR_SET_MM_BRK" }, { 8, "PR_SET_MM_ARG_START" }, { 9, "PR_SET_MM_ARG_END" },
	{ 10, "PR_SET_MM_ENV_START" }, { 11, "PR_SET_MM_ENV_END" }, { 12, "PR_SET_MM_AUXV" },
	{ 13, "PR_SET_MM_EXE_FILE" }, { 14, "PR_SET_MM_MAP" }, { 15, "PR_SET_MM_MAP_SIZE" },
};
const struct value_table bt_pr_set_mm = VALUE_TABLE(pr_set_mm_entries);

static const struct value_name pr_set_vma_entries[] = { { 0, "PR_SET_VMA_ANON_NAME" } };
const struct value_table bt_pr_set_vma = VALUE_TABLE(pr_set_vma_entries);

static const struct value_name pr_spec_cmd_entries[] = {
	{ 0, "PR_SPEC_STORE_BYPASS" }, { 1, "PR_SPEC_INDIRECT_BRANCH" }, { 2, "PR_SPEC_L1D_FLUSH" },
};
const struct value_table bt_pr_spec_cmds = VALUE_TABLE(pr_spec_cmd_entries);

/* PR_SET_SPECULATION_CTRL's value (one of them), PR_GET_SPECULATION_CTRL's
 * result (bits; 0 is "not affected"). */
static const struct value_name pr_spec_set_entries[] = {
	{ 1 << 1, "PR_SPEC_ENABLE" }, { 1 << 2, "PR_SPEC_DISABLE" },
	{ 1 << 3, "PR_SPEC_FORCE_DISABLE" }, { 1 << 4, "PR_SPEC_DISABLE_NOEXEC" },
};
const struct value_table bt_pr_spec_set = VALUE_TABLE(pr_spec_set_entries);

static const struct flag_name pr_spec_get_entries[] = {
	{ 1 << 0, 0, "PR_SPEC_PRCTL" }, { 1 << 1, 0, "PR_SPEC_ENABLE" }, { 1 << 2, 0, "PR_SPEC_DISABLE" },
	{ 1 << 3, 0, "PR_SPEC_FORCE_DISABLE" }, { 1 << 4, 0, "PR_SPEC_DISABLE_NOEXEC" },
};
const struct flag_table bt_pr_spec_get = FLAG_TABLE(pr_spec_get_entries, "PR_SPEC_NOT_AFFECTED");

static const struct value_name seccomp_mode_entries[] = {
	{ 0, "SECCOMP_MODE_DISABLED" }, { 1, "SECCOMP_MODE_STRICT" }, { 2, "SECCOMP_MODE_FILTER" },
};
const struct value_table bt_seccomp_modes = VALUE_TABLE(seccomp_mode_entries);
