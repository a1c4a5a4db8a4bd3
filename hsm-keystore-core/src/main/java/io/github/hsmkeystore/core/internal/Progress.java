package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.ProvisioningEvent;
import io.github.hsmkeystore.core.ProvisioningEvent.Kind;
import io.github.hsmkeystore.core.ProvisioningListener;
import io.github.hsmkeystore.core.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends typed events to the listener and logs them: INFO for milestones, DEBUG for the rest. */
public final class Progress {
    private static final Logger log = LoggerFactory.getLogger("io.github.hsmkeystore.core.Provisioning");
    private final ProvisioningListener listener;

    public Progress(ProvisioningListener listener) {
        this.listener = listener == null ? e -> { } : listener;
    }

    public void started(Step step, String resourceId, String message) {
        emit(step, Kind.STARTED, resourceId, message, false);
    }

    public void found(Step step, String resourceId, String message) {
        emit(step, Kind.FOUND, resourceId, message, false);
    }

    public void changed(Step step, String resourceId, String message) {
        emit(step, Kind.CHANGED, resourceId, message, false);
    }

    public void waiting(Step step, String resourceId, String message) {
        emit(step, Kind.WAITING, resourceId, message, false);
    }

    /** A step finished; {@code milestone} logs at INFO (things that take minutes on AWS). */
    public void completed(Step step, String resourceId, String message, boolean milestone) {
        emit(step, Kind.COMPLETED, resourceId, message, milestone);
    }

    private void emit(Step step, Kind kind, String resourceId, String message, boolean milestone) {
        if (milestone) {
            log.info("{} [step={}, resource={}]", message, step, resourceId);
        } else {
            log.debug("{} [step={}, kind={}, resource={}]", message, step, kind, resourceId);
        }
        listener.onEvent(new ProvisioningEvent(step, kind, java.util.Optional.ofNullable(resourceId), message));
    }
}
