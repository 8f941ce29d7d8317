package io.gemcap.report;

/** Shows a run's progress as it goes: a live line on a terminal, plain lines in a log. */
public interface ProgressDisplay extends AutoCloseable {

    /** Called after every chunk; a display decides itself how often it draws. */
    void show(Progress progress);

    @Override
    void close();
}
