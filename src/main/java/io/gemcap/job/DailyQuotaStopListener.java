package io.gemcap.job;

import io.gemcap.gemini.DailyQuotaExhaustedException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * A run that ran out of its daily request quota did not fail: it is marked STOPPED, to be resumed
 * with the same command once the quota resets. (The chunk that met the limit is rolled back, so
 * its images are called again on resume.)
 */
public class DailyQuotaStopListener implements JobExecutionListener {

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.FAILED) {
            return;
        }
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof DailyQuotaExhaustedException) {
                    execution.setStatus(BatchStatus.STOPPED);
                    execution.setExitStatus(ExitStatus.STOPPED.addExitDescription(t.getMessage()));
                    return;
                }
            }
        }
    }
}
