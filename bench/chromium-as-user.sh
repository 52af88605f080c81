#!/bin/sh
# Debian's Chromium started without CAP_SYS_NICE, for the browser benches run as root
# (CONVOLAB_CHROMIUM=bench/chromium-as-user.sh): as root, Chromium runs its display threads
# (each renderer's main thread, compositor and IO threads, the GPU process's) at nice -8, ahead
# of the server and the engine worker; a user's Chromium on Linux cannot raise its threads'
# priority (RLIMIT_NICE is 0 by default), so there everything runs at nice 0.
exec setpriv --inh-caps=-sys_nice --bounding-set=-sys_nice "${CONVOLAB_CHROMIUM_BINARY:-/usr/bin/chromium}" "$@"
