# Sourced by ../shell-setup.pkt (from the script's directory): the shell logic suites' baselines use,
# which must configure the engine exactly as it configures the kernel.
if [ "$(uname)" = Linux ]; then
    . ./shell-setup/buffers.sh
else
    echo "not Linux" >&2
    exit 1
fi
for name in tcp_sack tcp_timestamps; do
    echo 0 > /proc/sys/net/ipv4/$name
done
retries=$((2 + 1))
sysctl -q net.ipv4.tcp_syn_retries=$retries
# Read back through both spellings.
[ "$(sysctl -n net.ipv4.tcp_syn_retries)" = 3 ] || exit 3
[ "$(cat /proc/sys/net/ipv4/tcp_sack)" = 0 ] || exit 4
