/*
 * evented_policy.h - smtpd-evented's answers to the core's decisions and
 * its delivery (discard or Maildir); see evented_policy.c.
 */
#ifndef EVENTED_POLICY_H
#define EVENTED_POLICY_H

#include "evented_loop.h"

/* The decision callbacks for these options (write is the loop's). */
void evpolicy_callbacks(struct smtpd_callbacks *cb, const struct ev_opts *o);
/* The session ends: drop its transaction, if any. */
void evpolicy_end(struct ev_session *s);

#endif
