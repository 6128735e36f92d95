package io.flushmanager.config;

/**
 * A settings record that checks its own values once bound. Spring Boot runs
 * {@link #check} through {@link PropertiesValidator} for every bound record that
 * implements it, nested ones included, so each rule has one owner: the record whose
 * values it is about.
 */
public interface CheckedProperties {

	/**
	 * Reject each value of this record that is wrong on its own.
	 * @param checks where the rejections go
	 */
	void check(PropertyChecks checks);

}
