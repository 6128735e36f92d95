package io.flushmanager.collect;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health component {@code collect}, in readiness: UP while the poll keeps completing and
 * the ledger can be written. A failure of native events does not make it DOWN (the poll
 * keeps collecting) but shows here, which is the visibility CoreDog lacked.
 */
final class CollectHealthIndicator implements HealthIndicator {

	private final CollectService service;

	CollectHealthIndicator(CollectService service) {
		this.service = service;
	}

	@Override
	public Health health() {
		CollectService.Summary summary = this.service.summary();
		double stalled = 3.0 * this.service.pollInterval().toMillis() / 1000.0 + 30;
		boolean pollAlive = summary.lastPollAgeSeconds() != null && summary.lastPollAgeSeconds() < stalled;
		Health.Builder builder = (pollAlive && summary.ledgerError() == null) ? Health.up() : Health.down();
		builder.withDetail("nativeEvents",
				!summary.nativeEvents() ? "OFF" : summary.nativeEventsActive() ? "ACTIVE" : "FAILED");
		if (summary.lastEventsError() != null) {
			builder.withDetail("lastEventsError", summary.lastEventsError());
			builder.withDetail("eventsErrors", summary.eventsErrors());
		}
		builder.withDetail("lastPollAgeSeconds",
				(summary.lastPollAgeSeconds() != null) ? summary.lastPollAgeSeconds() : "never");
		if (summary.ledgerError() != null) {
			builder.withDetail("ledgerError", summary.ledgerError());
		}
		builder.withDetail("pending", summary.pending());
		builder.withDetail("failed", summary.counts().get(io.flushmanager.collect.ledger.State.FAILED));
		builder.withDetail("oldestPendingAgeSeconds", summary.oldestPendingAgeSeconds());
		return builder.build();
	}

}
