package server

import "siteward/backend"

func userUpdateName(name string) backend.UserUpdate { return backend.UserUpdate{Name: &name} }
