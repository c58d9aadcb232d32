#!/bin/sh
# How this folder was made: a Debian unstable (sid) root with gcc and strace, the reference
# programs copied into it, run_all.sh run inside it with chroot under the host's kernel.
# Usage: make_root.sh DIR   (DIR outside the repository; needs root and debootstrap)
set -e
root=$1
debootstrap --variant=minbase --include=gcc,libc6-dev,strace sid "$root" http://deb.debian.org/debian
# the programs and run_all.sh are glibc-2.41's, unchanged
mkdir -p "$root/ref" && (cd ../glibc-2.41 && cp threads.c tlsbig.c run_all.sh summarize.py "$root/ref/")
mount -t proc proc "$root/proc"
chroot "$root" /bin/sh -c 'cd /ref && sh run_all.sh'
umount "$root/proc"
