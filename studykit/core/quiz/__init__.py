"""Teacher-made quizzes: the model (`model`) and the pure builder (`builder`)."""
