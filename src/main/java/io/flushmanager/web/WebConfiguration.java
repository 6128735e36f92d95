package io.flushmanager.web;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.flushmanager.child.ChildControl;
import io.flushmanager.config.FlushManagerProperties;

/**
 * Wires the HTTP side: the restart service shared by REST and actuator, the token and
 * parameter filters (on every path, so actuator is covered too), the valve that refuses
 * request bodies and the JSON error shape.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	/** Filters run before Spring MVC and before actuator's handler mappings. */
	static final int TOKEN_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final int PARAMETERS_FILTER_ORDER = TOKEN_FILTER_ORDER + 2;

	/**
	 * A restart includes a stop; give the caller that long and some more before answering
	 * 503.
	 */
	private static final Duration RESTART_WAIT_MARGIN = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(WebConfiguration.class);

	@Bean
	ManualRestart manualRestart(ChildControl child, FlushManagerProperties properties) {
		return new ManualRestart(child, properties.child().stopTimeout().plus(RESTART_WAIT_MARGIN));
	}

	@Bean
	BearerTokenFilter bearerTokenFilter(FlushManagerProperties properties) {
		String token = properties.security().token();
		BearerTokenFilter filter = new BearerTokenFilter(token);
		if (filter.enforcing()) {
			logger.info("Mutating HTTP calls (POST /api/child/restart, actuator writes) need "
					+ "Authorization: Bearer <flush-manager.security.token>");
		}
		else if (token != null) {
			logger.warn("flush-manager.security.token is blank: mutating HTTP calls are open to anyone who "
					+ "can reach the port");
		}
		else {
			logger.info("flush-manager.security.token is not set: mutating HTTP calls are open to anyone who "
					+ "can reach the port");
		}
		return filter;
	}

	@Bean
	FilterRegistrationBean<BearerTokenFilter> bearerTokenFilterRegistration(BearerTokenFilter filter) {
		return register(filter, TOKEN_FILTER_ORDER);
	}

	@Bean
	SlowClientCustomizer slowClientCustomizer() {
		return new SlowClientCustomizer();
	}

	@Bean
	MalformedParametersFilter malformedParametersFilter() {
		return new MalformedParametersFilter();
	}

	@Bean
	FilterRegistrationBean<MalformedParametersFilter> malformedParametersFilterRegistration(
			MalformedParametersFilter filter) {
		return register(filter, PARAMETERS_FILTER_ORDER);
	}

	@Bean
	JsonErrorAttributes errorAttributes() {
		return new JsonErrorAttributes();
	}

	@Bean
	JsonErrorReportValveCustomizer jsonErrorReportValveCustomizer() {
		return new JsonErrorReportValveCustomizer();
	}

	static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> register(F filter, int order) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/*");
		registration.setOrder(order);
		return registration;
	}

}
