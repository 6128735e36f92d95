#!/bin/sh
# Slims a Debian/Ubuntu root filesystem (/, in the Dockerfile's userland stage) down to what the image
# runs: the shell and coreutils, tini, util-linux (setsid, setpriv), procps, curl and the libraries
# they link, tar (kubectl cp), ca-certificates. The final stage copies the result onto scratch, so what
# is removed here is really gone from the image.
#
# Removed, by their dpkg file lists: the package manager (apt, dpkg, gpgv, debconf, the archive keys,
# and perl-base, which only they need); user and filesystem administration (passwd, login, adduser,
# base-passwd, e2fsprogs, the PAM modules and SELinux policy libraries, which only su/login/useradd
# load); tzdata (the JVM has its own tzdb); diffutils; init helpers; the openssl command (curl links
# libssl, not the command); libstdc++ (only apt and gpgv link it); the SASL Berkeley DB plugin (it links
# libdb). Then documentation, man pages, translations, glibc's iconv modules and package caches, which
# nothing in the image reads. /var/lib/dpkg/status stays, cut down to the packages that are left, so
# image scanners still see them. Fails if any program or library left cannot resolve a library it links.
# Names that a base does not have (other releases, Ubuntu's t64 names) are skipped.
set -eu
cd /
drop="adduser apt base-passwd debconf debian-archive-keyring diffutils dpkg e2fsprogs gpgv
  init-system-helpers libapt-pkg6.0 libdb5.3 libdebconfclient0 libext2fs2 libext2fs2t64 libpam-modules
  libpam-modules-bin libsasl2-modules-db libsemanage-common libsemanage2 libsepol2 libss2 libstdc++6 login
  logsave openssl passwd perl-base sysvinit-utils tzdata ubuntu-keyring"
for pkg in $drop; do
  for list in var/lib/dpkg/info/"$pkg".list var/lib/dpkg/info/"$pkg":*.list; do
    [ -f "$list" ] || continue
    # Files only (not directories, nor the merged-/usr links /bin, /lib...), and not nologin:
    # /etc/passwd's system accounts name it as their shell.
    while IFS= read -r f; do
      [ -d "$f" ] && continue
      case "$f" in /usr/sbin/nologin | /sbin/nologin) continue ;; esac
      rm -f "$f"
    done <"$list"
  done
done
if [ -f var/lib/dpkg/status ]; then
  # shellcheck disable=SC2086
  awk -v drop=" $(echo $drop) " 'BEGIN { RS = ""; ORS = "\n\n" }
    { split($0, line, "\n"); name = substr(line[1], 10); if (index(drop, " " name " ") == 0) print }' \
    var/lib/dpkg/status >/tmp/status.kept
  cat /tmp/status.kept >var/lib/dpkg/status && rm /tmp/status.kept
fi
rm -rf var/lib/dpkg/info var/lib/dpkg/*-old var/lib/dpkg/available var/lib/dpkg/diversions* \
  var/lib/dpkg/alternatives var/lib/apt var/cache/apt var/cache/debconf var/cache/ldconfig/aux-cache \
  var/log/apt var/log/*.log etc/apt etc/dpkg usr/share/perl5 usr/share/debconf usr/share/zoneinfo \
  usr/lib/*-linux-gnu/perl-base usr/share/doc/* usr/share/man/* usr/share/info/* usr/share/locale/* \
  usr/share/lintian usr/lib/*-linux-gnu/gconv
missing=""
for f in /usr/bin/* /usr/sbin/* /usr/lib/*-linux-gnu/*.so*; do
  [ -f "$f" ] && [ ! -L "$f" ] || continue
  missing="$missing$(ldd "$f" 2>/dev/null | grep 'not found' | sed "s|^|$f: |" || true)"
done
[ -z "$missing" ] || { echo "slim-userland: unresolved libraries:"; echo "$missing"; exit 1; }
