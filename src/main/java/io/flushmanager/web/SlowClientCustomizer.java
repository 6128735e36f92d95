package io.flushmanager.web;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Keeps slow clients off Tomcat's request threads, so that the probes always find one
 * (HELP.md, "Probes under load"): {@link NoRequestBodyValve} first in the engine, and a
 * socket send buffer that takes a whole answer, so that a client that never reads leaves
 * it to the kernel instead of blocking the thread that writes it. The settings that need
 * no code are in {@code application.yaml} under {@code server.tomcat}.
 */
public class SlowClientCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	/**
	 * Larger than any answer of this service (a Prometheus scrape is ~15 KB, a full
	 * change history some 10 KB per file). Linux doubles it and caps it at
	 * {@code net.core.wmem_max}; memory is used only by bytes a client has not read yet.
	 */
	static final int SEND_BUFFER_BYTES = 256 * 1024;

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addEngineValves(new NoRequestBodyValve());
		factory.addConnectorCustomizers(
				(connector) -> connector.setProperty("socket.txBufSize", Integer.toString(SEND_BUFFER_BYTES)));
	}

}
