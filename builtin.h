/* One entry point per command: int cmd_NAME(int argc, const char **argv),
 * argv[0] being the command name. Returns the process exit status. */
#ifndef SCRY_BUILTIN_H
#define SCRY_BUILTIN_H

int cmd_trace(int argc, const char **argv);
int cmd_record(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_script(int argc, const char **argv);
int cmd_probe(int argc, const char **argv);
int cmd_list(int argc, const char **argv);

#endif
