package com.wolfscale.archfixture.proxy;

/** Stand-in for a proxy class in the layering fixture. */
public class Session {
}
