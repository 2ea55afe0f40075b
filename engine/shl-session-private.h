/* shl-session-private.h: what the files of shl-session share: the format
 * name. Not for other modules. */
#pragma once

#include "shl-session.h"

#define SHL_SESSION_FORMAT "shallows-session"
