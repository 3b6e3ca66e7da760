/* Demangling C++ (Itanium ABI, through the C++ runtime's __cxa_demangle)
 * and Rust (legacy "_ZN...17h<hash>E" and v0 "_R..." symbols). */
#ifndef SCRY_DEMANGLE_H
#define SCRY_DEMANGLE_H

/* The readable name, malloc'd, or NULL when name is not mangled (or not
 * understood): callers then keep the name as it is. */
char *demangle(const char *name);

#endif
