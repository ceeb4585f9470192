package editor
