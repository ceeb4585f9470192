package facts

// OpenGoplsCache is the persistent gopls cache in cacheDir (gomedic's cache directory) for a
// session of the gopls binary at path, for a command without the run's facts (`gomedic watch`
// counting a workspace's packages): the same directory, bounds and markers as the --deep session's.
func OpenGoplsCache(cacheDir, path string) (GoplsCache, error) {
	return persistentGoplsCache(cacheDir, path)
}
