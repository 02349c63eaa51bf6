#!/usr/bin/env bash
# A real, private Slurm cluster on this one machine, for the tests (../shared/SLURM.md has what
# works here): munged, slurmctld and slurmd started by hand, without systemd, everything under
# one directory.
#   slurm_cluster.sh up DIR     start it; prints "export SLURM_CONF=..." on success
#   slurm_cluster.sh down DIR   stop what DIR's pid files name (never by process name)
# Exit 77 from `up` means: cannot run here (not root, Slurm not installed, ports taken).
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 up|down DIR" >&2; exit 2; }

down() {
  for pid_file in "$dir/run/slurmd.pid" "$dir/run/slurmctld.pid" "$dir/munge/munged.pid"; do
    if [ -s "$pid_file" ]; then
      pid=$(cat "$pid_file")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
if [ "$cmd" = down ]; then down; exit 0; fi

skip() { echo "cannot run a Slurm cluster here: $*" >&2; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "the daemons need root"
for tool in slurmctld slurmd munged mungekey sbatch scontrol sinfo; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt-get install slurmctld slurmd slurm-client munge)"
done
id munge >/dev/null 2>&1 || skip "there is no user munge"
if (exec 3<>/dev/tcp/127.0.0.1/6817) 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/6818) 2>/dev/null; then
  skip "ports 6817/6818 are taken (another Slurm cluster runs on this machine)"
fi

mkdir -p "$dir"/{etc,state,spool,log,run,munge}
chown munge:munge "$dir/munge"; chmod 0711 "$dir/munge"
chmod 0755 "$dir"
host=$(hostname -s)
runuser -u munge -- mungekey --create --keyfile="$dir/munge/munge.key" >/dev/null 2>&1
runuser -u munge -- munged --socket="$dir/munge/munge.socket.2" --key-file="$dir/munge/munge.key" \
  --log-file="$dir/munge/munged.log" --pid-file="$dir/munge/munged.pid" \
  --seed-file="$dir/munge/munged.seed"
trap 'down' ERR
munge -S "$dir/munge/munge.socket.2" -n | unmunge -S "$dir/munge/munge.socket.2" >/dev/null

node_line=$(slurmd -C | head -1 | sed -E 's/ Boards=[0-9]+//')
: > "$dir/etc/plugstack.conf"
cat > "$dir/etc/slurm.conf" <<CONF
ClusterName=slaetest
SlurmctldHost=${host}(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket.2
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
KillWait=5
InactiveLimit=0
PlugStackConfig=$dir/etc/plugstack.conf
${node_line} NodeAddr=127.0.0.1 NodeHostname=${host}
PartitionName=debug Nodes=${node_line#NodeName=} Default=YES MaxTime=INFINITE State=UP
CONF
# the partition line wants the node's name only
sed -i -E "s/^PartitionName=debug Nodes=([^ ]+) .*/PartitionName=debug Nodes=\1 Default=YES MaxTime=INFINITE State=UP/" "$dir/etc/slurm.conf"
export SLURM_CONF="$dir/etc/slurm.conf"
slurmctld -c -f "$SLURM_CONF"
for _ in $(seq 1 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 100); do [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break; sleep 0.1; done
[ "$(sinfo -h -o %t)" = idle ] || { echo "slurmd did not come up: $(tail -5 "$dir/log/slurmd.log")" >&2; down; exit 1; }
echo "export SLURM_CONF=$SLURM_CONF"
