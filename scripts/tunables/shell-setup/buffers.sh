# Sourced by defaults.sh: a receive buffer limit computed by the shell (15 MiB: window scale 8).
tcp_rmem="4096 540000 $((15*1024*1024))"
sysctl -q net.ipv4.tcp_rmem="$tcp_rmem"
