"""The store a car runs on when its consent database cannot be opened: every read and write
is refused with the error the opening gave, so the gate fails closed (no personal sensor
runs) and every command says why. It is the store interface (`ivi.store.interface.Store`),
method by method, tables included, as CarStore is (`tests/unit/test_structure.py` holds both
to it)."""

from typing import NoReturn

from ivi.store.errors import StoreUnavailable


class _Refusing:
    def __init__(self, error: StoreUnavailable):
        self.error = error

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise self.error


class ClosedTable(_Refusing):
    """Any of the store's tables (ledger, receipts, inventory, deletions, egress)."""

    append = latest = history = ever_granted = _Refusing._refuse  # the consent ledger
    add = for_profile = document = _Refusing._refuse  # receipts, deletion requests
    keep = holdings = delete = purge = _Refusing._refuse  # data kept in the car
    attempts = _Refusing._refuse  # the egress log


class ClosedStore(_Refusing):
    def __init__(self, error: StoreUnavailable):
        super().__init__(error)
        self.ledger = self.receipts = self.inventory = self.deletions = self.egress = ClosedTable(error)

    def close(self) -> None:
        pass  # nothing was opened

    identity = transaction = chain_heads = _Refusing._refuse
    stopped = hold = recorded = keep_pending = release_reserve = changed_elsewhere = _Refusing._refuse
    last_moment = clock_ahead_s = keep_time = _Refusing._refuse
    current_drive = start_drive = end_drive = motion = set_motion = _Refusing._refuse
