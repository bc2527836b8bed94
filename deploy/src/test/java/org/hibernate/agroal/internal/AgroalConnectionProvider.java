package org.hibernate.agroal.internal;

import org.hibernate.c3p0.internal.C3P0ConnectionProvider;

/**
 * Test-only stand-in for hibernate-agroal's connection provider, which the Maven repository reachable here does not
 * serve. Debezium's JDBC sink names this class as its default {@code connection.provider} in a static initializer, so
 * the class must exist for the connector to load at all; here it is Hibernate's c3p0 pool under that name. The
 * connector configs name no provider, and in production Debezium's plugin archive brings the real hibernate-agroal.
 */
public class AgroalConnectionProvider extends C3P0ConnectionProvider {
}
