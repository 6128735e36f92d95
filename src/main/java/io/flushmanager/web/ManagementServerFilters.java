package io.flushmanager.web;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With {@code management.server.port} set, actuator runs in a child context with its own
 * servlet container, which does not get the application's filters. This puts the same
 * token and parameter filters and the same body-refusing valve in front of it, so that
 * {@code POST /actuator/restart} needs the token on either port.
 * <p>
 * Listed in {@code META-INF/spring/...ManagementContextConfiguration.imports}. Component
 * scanning also finds it in the main context, where the condition keeps it inert: the
 * main context has its filters from {@link WebConfiguration}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementServerFilters.OnManagementChildContext.class)
public class ManagementServerFilters {

	@Bean
	FilterRegistrationBean<BearerTokenFilter> managementBearerTokenFilterRegistration(BearerTokenFilter filter) {
		return WebConfiguration.register(filter, WebConfiguration.TOKEN_FILTER_ORDER);
	}

	@Bean
	SlowClientCustomizer managementSlowClientCustomizer() {
		return new SlowClientCustomizer();
	}

	@Bean
	FilterRegistrationBean<MalformedParametersFilter> managementMalformedParametersFilterRegistration(
			MalformedParametersFilter filter) {
		return WebConfiguration.register(filter, WebConfiguration.PARAMETERS_FILTER_ORDER);
	}

	@Bean
	JsonErrorReportValveCustomizer managementJsonErrorReportValveCustomizer() {
		return new JsonErrorReportValveCustomizer();
	}

	/**
	 * Matches in the management child context only: the one whose parent holds this
	 * service's filters.
	 */
	static class OnManagementChildContext implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			BeanFactory parent = (context.getBeanFactory() != null) ? context.getBeanFactory().getParentBeanFactory()
					: null;
			return parent != null && parent.containsBean("bearerTokenFilterRegistration");
		}

	}

}
