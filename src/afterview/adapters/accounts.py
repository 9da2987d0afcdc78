"""The accounts directory in the database (`services/accounts.py`'s `AccountDirectory`).

SQLAlchemy Core over the tables of migration 0007; each method is one short transaction
of its own. Only accounts with an email are accounts here: the local single-user
account (id 1, "local") has none and never signs in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from afterview.adapters.schema import accounts, api_tokens, shares, sign_in_attempts
from afterview.services.accounts import Account, TokenInfo

_COLUMNS = (
    accounts.c.id,
    accounts.c.email,
    accounts.c.coach,
    accounts.c.disabled,
    accounts.c.session_epoch,
    accounts.c.time_zone,
    accounts.c.created_at,
)
_TOKEN_COLUMNS = (
    api_tokens.c.id,
    api_tokens.c.label,
    api_tokens.c.created_at,
    api_tokens.c.expires_at,
    api_tokens.c.revoked_at,
)


def _account(row: Any) -> Account:
    return Account(
        id=row.id,
        email=row.email,
        coach=bool(row.coach),
        disabled=bool(row.disabled),
        session_epoch=row.session_epoch,
        time_zone=row.time_zone,
        created_at=row.created_at,
    )


def _token(row: Any) -> TokenInfo:
    return TokenInfo(row.id, row.label, row.created_at, row.expires_at, row.revoked_at)


class SqlAccounts:
    """Accounts, API tokens, shares and failed sign-ins, in the store's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- accounts ---

    def add(self, email: str, password_hash: str, coach: bool) -> Account | None:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Migration 0001 inserted the local account with an explicit id 1, which
                # PostgreSQL's sequence never saw: bring it past every id (never back).
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('accounts', 'id'),"
                        " GREATEST((SELECT MAX(id) FROM accounts),"
                        " (SELECT last_value FROM accounts_id_seq)))"
                    )
                )
            if connection.execute(select(accounts.c.id).where(accounts.c.email == email)).first():
                return None
            try:
                with connection.begin_nested():
                    row = connection.execute(
                        insert(accounts)
                        .values(name=email, email=email, password_hash=password_hash, coach=coach)
                        .returning(*_COLUMNS)
                    ).one()
            except IntegrityError:  # the same email, added at the same moment elsewhere
                return None
            return _account(row)

    def all(self) -> list[Account]:
        query = select(*_COLUMNS).where(accounts.c.email.is_not(None)).order_by(accounts.c.email)
        with self.engine.connect() as connection:
            return [_account(row) for row in connection.execute(query)]

    def by_id(self, account_id: int) -> Account | None:
        return self._one(and_(accounts.c.id == account_id, accounts.c.email.is_not(None)))

    def by_email(self, email: str) -> Account | None:
        return self._one(accounts.c.email == email)

    def _one(self, condition: Any) -> Account | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(*_COLUMNS).where(condition)).first()
        return _account(row) if row is not None else None

    def password_hash(self, account_id: int) -> str | None:
        query = select(accounts.c.password_hash).where(accounts.c.id == account_id)
        with self.engine.connect() as connection:
            found: str | None = connection.execute(query).scalar()
        return found

    def set_password_hash(self, account_id: int, password_hash: str, end_sessions: bool) -> None:
        values: dict[str, Any] = {"password_hash": password_hash}
        if end_sessions:
            values["session_epoch"] = accounts.c.session_epoch + 1
        with self.engine.begin() as connection:
            connection.execute(update(accounts).where(accounts.c.id == account_id).values(values))

    def set_disabled(self, account_id: int, disabled: bool) -> None:
        values: dict[str, Any] = {"disabled": disabled}
        if disabled:
            values["session_epoch"] = accounts.c.session_epoch + 1
        with self.engine.begin() as connection:
            connection.execute(update(accounts).where(accounts.c.id == account_id).values(values))

    def set_time_zone(self, account_id: int, zone: str | None) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(accounts).where(accounts.c.id == account_id).values(time_zone=zone)
            )

    # --- failed sign-ins ---

    def failures(self, key: str, since: dt.datetime) -> list[dt.datetime]:
        query = (
            select(sign_in_attempts.c.at)
            .where(sign_in_attempts.c.key == key, sign_in_attempts.c.at > since)
            .order_by(sign_in_attempts.c.at)
        )
        with self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def record_failure(
        self, keys: Sequence[str], at: dt.datetime, forget_before: dt.datetime
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(sign_in_attempts).where(sign_in_attempts.c.at < forget_before)
            )
            connection.execute(insert(sign_in_attempts), [{"key": key, "at": at} for key in keys])

    def clear_failures(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(sign_in_attempts).where(sign_in_attempts.c.key == key))

    # --- API tokens ---

    def add_token(
        self,
        account_id: int,
        token_hash: str,
        label: str | None,
        created_at: dt.datetime,
        expires_at: dt.datetime | None,
    ) -> int:
        values = {
            "account_id": account_id,
            "token_hash": token_hash,
            "label": label,
            "created_at": created_at,
            "expires_at": expires_at,
        }
        with self.engine.begin() as connection:
            token_id: int = connection.execute(
                insert(api_tokens).values(values).returning(api_tokens.c.id)
            ).scalar_one()
        return token_id

    def tokens(self, account_id: int) -> list[TokenInfo]:
        query = (
            select(*_TOKEN_COLUMNS)
            .where(api_tokens.c.account_id == account_id)
            .order_by(api_tokens.c.id)
        )
        with self.engine.connect() as connection:
            return [_token(row) for row in connection.execute(query)]

    def token_by_hash(self, token_hash: str) -> tuple[int, TokenInfo] | None:
        query = select(api_tokens.c.account_id, *_TOKEN_COLUMNS).where(
            api_tokens.c.token_hash == token_hash
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.account_id, _token(row)) if row is not None else None

    def revoke_token(self, account_id: int, token_id: int, at: dt.datetime) -> bool:
        mine = and_(api_tokens.c.account_id == account_id, api_tokens.c.id == token_id)
        with self.engine.begin() as connection:
            if connection.execute(select(api_tokens.c.id).where(mine)).first() is None:
                return False
            connection.execute(
                update(api_tokens)
                .where(mine, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
        return True

    # --- shares ---

    def share(self, client_id: int, coach_id: int) -> None:
        with self.engine.begin() as connection:
            if not self._shared(connection, coach_id, client_id):
                try:
                    with connection.begin_nested():
                        connection.execute(
                            insert(shares).values(client_id=client_id, coach_id=coach_id)
                        )
                except IntegrityError:  # shared at the same moment elsewhere
                    pass

    def unshare(self, client_id: int, coach_id: int) -> bool:
        condition = and_(shares.c.client_id == client_id, shares.c.coach_id == coach_id)
        with self.engine.begin() as connection:
            return connection.execute(delete(shares).where(condition)).rowcount > 0

    def clients_of(self, coach_id: int) -> list[Account]:
        query = (
            select(*_COLUMNS)
            .join(shares, shares.c.client_id == accounts.c.id)
            .where(shares.c.coach_id == coach_id)
            .order_by(accounts.c.email)
        )
        with self.engine.connect() as connection:
            return [_account(row) for row in connection.execute(query)]

    def coaches_of(self, client_id: int) -> list[Account]:
        query = (
            select(*_COLUMNS)
            .join(shares, shares.c.coach_id == accounts.c.id)
            .where(shares.c.client_id == client_id)
            .order_by(accounts.c.email)
        )
        with self.engine.connect() as connection:
            return [_account(row) for row in connection.execute(query)]

    def shared(self, coach_id: int, client_id: int) -> bool:
        with self.engine.connect() as connection:
            return self._shared(connection, coach_id, client_id)

    @staticmethod
    def _shared(connection: Any, coach_id: int, client_id: int) -> bool:
        query = select(func.count()).where(
            shares.c.client_id == client_id, shares.c.coach_id == coach_id
        )
        return bool(connection.execute(query).scalar())
