package io.vigil.collector.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A process table a test writes by hand: processes come and go, the clock moves when told. */
final class FakeProcessTable implements ProcessTable {

    private final Map<Long, Entry> processes = new LinkedHashMap<>();
    private long nowMillis = 1_000_000;
    int commandLineReads;

    private record Entry(String commandLine, ProcessStat stat) {
    }

    FakeProcessTable start(long pid, String commandLine) {
        processes.put(pid, new Entry(commandLine, new ProcessStat(nowMillis, 0, 1024)));
        return this;
    }

    FakeProcessTable startedAt(long pid, String commandLine, long startMillis) {
        processes.put(pid, new Entry(commandLine, new ProcessStat(startMillis, 0, 1024)));
        return this;
    }

    FakeProcessTable exec(long pid, String commandLine) {
        Entry old = processes.get(pid);
        processes.put(pid, new Entry(commandLine, old.stat()));
        return this;
    }

    FakeProcessTable useCpu(long pid, long cpuMillis) {
        Entry old = processes.get(pid);
        ProcessStat stat = old.stat();
        processes.put(pid, new Entry(old.commandLine(),
                new ProcessStat(stat.startMillis(), stat.cpuMillis() + cpuMillis, stat.residentBytes())));
        return this;
    }

    FakeProcessTable resident(long pid, long bytes) {
        Entry old = processes.get(pid);
        ProcessStat stat = old.stat();
        processes.put(pid, new Entry(old.commandLine(), new ProcessStat(stat.startMillis(), stat.cpuMillis(), bytes)));
        return this;
    }

    FakeProcessTable kill(long pid) {
        processes.remove(pid);
        return this;
    }

    FakeProcessTable advance(long millis) {
        nowMillis += millis;
        return this;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public long[] pids() {
        return processes.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public Optional<ProcessStat> stat(long pid) {
        return Optional.ofNullable(processes.get(pid)).map(Entry::stat);
    }

    @Override
    public Optional<String> commandLine(long pid) {
        commandLineReads++;
        return Optional.ofNullable(processes.get(pid)).map(Entry::commandLine);
    }

    @Override
    public long uptimeMillis() {
        return nowMillis;
    }
}
