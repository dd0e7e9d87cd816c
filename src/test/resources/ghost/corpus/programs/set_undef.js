let config;
config.debug = true;
