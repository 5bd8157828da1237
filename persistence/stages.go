package persistence

import (
	"context"
	"database/sql"

	"salesops/domain"
)

// Stages lists the stages in process order.
func (db *DB) Stages(ctx context.Context) ([]domain.Stage, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, position, probability, category, won, lost FROM stages ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Stage
	for rows.Next() {
		var s domain.Stage
		var cat string
		if err := rows.Scan(&s.ID, &s.Name, &s.Position, &s.Probability, &cat, &s.Won, &s.Lost); err != nil {
			return nil, err
		}
		s.Category = domain.ForecastCategory(cat)
		out = append(out, s)
	}
	return out, rows.Err()
}

func insertStage(ctx context.Context, q querier, s *domain.Stage) error {
	if err := s.Validate(); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, "INSERT INTO stages(name, position, probability, category, won, lost) VALUES (?, ?, ?, ?, ?, ?)",
		s.Name, s.Position, int64(s.Probability), string(s.Category), boolInt(s.Won), boolInt(s.Lost))
	if err != nil {
		return err
	}
	s.ID, err = res.LastInsertId()
	return err
}

// CreateStage validates and inserts s.
func (db *DB) CreateStage(ctx context.Context, s *domain.Stage) error {
	return db.update(ctx, func(tx *sql.Tx) error { return insertStage(ctx, tx, s) })
}

// UpdateStage saves s and, when its won/lost flags change, the status of its deals.
func (db *DB) UpdateStage(ctx context.Context, s *domain.Stage) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE stages SET name = ?, position = ?, probability = ?, category = ?, won = ?, lost = ? WHERE id = ?",
			s.Name, s.Position, int64(s.Probability), string(s.Category), boolInt(s.Won), boolInt(s.Lost), s.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE deals SET status = ? WHERE stage_id = ? AND status <> ?", string(s.Status()), s.ID, string(s.Status()))
		return err
	})
}

// LostReasons lists the lost reasons in order.
func (db *DB) LostReasons(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, db.db, "SELECT name FROM lost_reasons ORDER BY position, id")
}
