/*
 * opt.h - option and environment values shared by the programs.
 */
#ifndef OPT_H
#define OPT_H

/* A whole decimal number in [min, max], or exit 100 naming what it is
 * (the option or variable). */
unsigned long long opt_number(const char *what, const char *s,
    unsigned long long min, unsigned long long max);

/* Text that may go into replies and headers: 1..255 printable ASCII
 * octets, no space. */
int opt_word_ok(const char *s);

#endif
